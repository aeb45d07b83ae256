import { beforeAll, describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { hydrated, switchLanguage } from './pages.js';
import { signedInBrowser, signIn } from './session.js';

// A manager looks a demo person up by name, without the accents and capitals it is stored with,
// and opens their record: their webinars and their survey answers, as the API gives them.

interface Item {
  id: number;
  name: string | null;
  webinarsAttended: number;
}
interface PersonRecord {
  id: number;
  name: string | null;
  email: string | null;
  attendance: unknown[];
  responses: Array<{ answers: Array<{ question: string }> }>;
}

const demo = useDemo('participants');
let person: PersonRecord;
/** The person's name as someone would type it: no accents, lower case. */
let typed: string;

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

beforeAll(async () => {
  // A person whose name has an accent, who attended and answered a survey.
  const list = await demo.api<{ items: Item[] }>('/api/participants?q=a&limit=200');
  for (const item of list.items) {
    if (!item.name || fold(item.name) === item.name.toLowerCase() || item.webinarsAttended === 0) {
      continue;
    }
    const record = await demo.api<PersonRecord>(`/api/participants/${item.id}`);
    if (record.responses.length > 0) {
      person = record;
      break;
    }
  }
  if (!person) throw new Error('the demo has no accented person with survey answers');
  typed = fold(person.name!);
});

describe('the Participants pages', () => {
  it('find a person by name without accents and open their record', async () => {
    const page = await demo.browser.newPage();
    try {
      const response = await page.goto(`${demo.server.url}/participants?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1').textContent()).resolves.toBe('Participants');
      await hydrated(page);

      await page.getByLabel('Name or email').fill(typed);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === typed);
      // The demo has namesakes: the person is found by their link (relative when rendered on the
      // server), and everyone listed matches.
      const link = page
        .getByTestId('participants')
        .locator(`a[href$="/participants/${person.id}"]`);
      await expect(link.textContent()).resolves.toBe(person.name);
      const names = await page.getByTestId('participants').locator('tbody th a').allTextContents();
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(fold(name)).toContain(typed);

      await link.click();
      await page.waitForURL((url) => url.pathname === `/participants/${person.id}`);
      await expect(page.getByTestId('participant-name').textContent()).resolves.toBe(person.name);
      await expect(page.getByTestId('participant-email').textContent()).resolves.toBe(person.email);
      await expect(
        page.getByTestId('participant-timeline').locator('tbody tr').count(),
      ).resolves.toBe(person.attendance.length);
      const responses = page.getByTestId('participant-response');
      await expect(responses.count()).resolves.toBe(person.responses.length);
      await expect(
        responses.first().getByText(person.responses[0]!.answers[0]!.question).count(),
      ).resolves.toBe(1);

      await switchLanguage(page, 'es');
      await expect(
        page.getByRole('heading', { name: 'Respuestas a encuestas' }).count(),
      ).resolves.toBe(1);
      await expect(
        page.getByRole('link', { name: '← Todos los participantes' }).count(),
      ).resolves.toBe(1);
    } finally {
      await page.close();
    }
  });

  it('search without JavaScript, by a plain form', async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${demo.server.url}/participants?lang=en`);
      await page.getByLabel('Name or email').fill(typed);
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('q') === typed),
        page.getByRole('button', { name: 'Search' }).click(),
      ]);
      await expect(
        page
          .getByTestId('participants')
          .locator(`a[href$="/participants/${person.id}"]`)
          .textContent(),
      ).resolves.toBe(person.name);
      await expect(
        page.getByRole('link', { name: 'Participants' }).getAttribute('aria-current'),
      ).resolves.toBe('page');

      await page.goto(`${demo.server.url}/participants?lang=en&q=nobody-has-this-name-xq`);
      await expect(page.getByTestId('participants-empty').textContent()).resolves.toContain(
        'Nobody matches this search.',
      );
    } finally {
      await context.close();
    }
  });

  it('are not for a funder: no menu entry, and the page says so without a name on it', async () => {
    const funder = {
      email: 'funder-participants@example.org',
      password: 'funders read reports 93',
    };
    const created = await demo.fetch('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...funder, name: 'A funder', role: 'funder' }),
    });
    expect(created.status).toBe(201);
    const session = await signIn(demo.server.url, funder);
    const browser = signedInBrowser(demo.anonymousBrowser, demo.server.url, session);
    const page = await browser.newPage();
    try {
      await page.goto(`${demo.server.url}/?lang=en`);
      const nav = page.locator('nav.main-nav');
      await expect(nav.getByRole('link', { name: 'Overview', exact: true }).count()).resolves.toBe(
        1,
      );
      await expect(
        nav.getByRole('link', { name: 'Participants', exact: true }).count(),
      ).resolves.toBe(0);
      const response = await page.goto(`${demo.server.url}/participants?lang=en&q=${typed}`);
      expect(response?.status()).toBe(403);
      await expect(page.getByText('Not for your role').count()).resolves.toBeGreaterThan(0);
      expect(await page.content()).not.toContain(person.email!);
      const record = await page.goto(`${demo.server.url}/participants/${person.id}?lang=en`);
      expect(record?.status()).toBe(403);
      expect(await page.content()).not.toContain(person.email!);
    } finally {
      await page.close();
    }
  });
});

describe("a person's rights on their page", () => {
  it('download their data, and erase them after a confirmation that names what goes', async () => {
    const list = await demo.api<{ items: Item[] }>('/api/participants?q=e&limit=50');
    const target = list.items.find(
      (item) => item.id !== person.id && item.webinarsAttended > 0 && item.name,
    );
    if (!target) throw new Error('the demo has no second person who attended');
    const record = await demo.api<PersonRecord>(`/api/participants/${target.id}`);
    const before = await demo.api<{ uniqueParticipants: number }>('/api/overview');
    // They also read the reports with an account of their own, which the erasure leaves.
    const account = await demo.fetch('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: record.email,
        name: 'Also a reader',
        role: 'funder',
        password: 'quarterly figures for the board',
      }),
    });
    expect(account.status).toBe(201);

    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/participants/${target.id}?lang=en`);
      await hydrated(page);
      const download = page.getByTestId('participant-export');
      await expect(download.getAttribute('href')).resolves.toBe(
        `/api/participants/${target.id}/export?lang=en`,
      );
      const exported = await demo.fetch(`/api/participants/${target.id}/export?lang=en`);
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-disposition')).toBe(
        `attachment; filename="ripple-participant-${target.id}.json"`,
      );
      expect(
        ((await exported.json()) as { participant: { email: string } }).participant.email,
      ).toBe(record.email);

      await page.getByRole('button', { name: 'Erase this person…' }).click();
      const summary = page.getByTestId('erase-summary');
      await expect(summary.textContent()).resolves.toContain(record.email!);
      await expect(summary.textContent()).resolves.toContain(
        `${record.responses.length} survey responses`,
      );
      await expect(page.getByTestId('erase-keeps-account').textContent()).resolves.toContain(
        'A Ripple account has the same email',
      );
      const confirm = page.getByTestId('erase-confirm');
      await expect(confirm.isDisabled()).resolves.toBe(true);
      await page.getByLabel('I understand this cannot be undone').check();
      await confirm.click();
      await expect(
        page.getByTestId('participant-erased').textContent({ timeout: 30_000 }),
      ).resolves.toContain(`Participant #${target.id} was erased`);

      const gone = await demo.fetch(`/api/participants/${target.id}`);
      expect(gone.status).toBe(404);
      const after = await demo.api<{ uniqueParticipants: number }>('/api/overview');
      expect(after.uniqueParticipants).toBe(before.uniqueParticipants - 1);
    } finally {
      await page.close();
    }
  });
});
