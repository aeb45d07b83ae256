import { beforeAll, describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { switchLanguage } from './pages.js';

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
const { api } = demo;
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
  const list = await api<{ items: Item[] }>('/api/participants?q=a&limit=200');
  for (const item of list.items) {
    if (!item.name || fold(item.name) === item.name.toLowerCase() || item.webinarsAttended === 0) {
      continue;
    }
    const record = await api<PersonRecord>(`/api/participants/${item.id}`);
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
});
