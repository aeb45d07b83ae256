import { readFile } from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { holdHydration } from './pages.js';

// Share links end to end: a manager makes one for a region from the Share links page, a funder
// without an account opens it, sees the aggregate pages locked to that scope, and the link, once
// revoked or expired, says so plainly.

const demo = useDemo('share');
const REGION = 'Latin America & Caribbean';
const MANAGER = { email: 'maria@example.org', password: 'share the programme figures 9' };

interface Overview {
  uniqueParticipants: number;
  attendances: number;
}

async function anonymousContext(javaScriptEnabled = true): Promise<BrowserContext> {
  return demo.anonymousBrowser.newContext({ javaScriptEnabled });
}

async function tile(page: import('playwright-core').Page, key: keyof Overview): Promise<string> {
  return ((await page.textContent(`[data-testid="tile-${key}"]`)) ?? '').trim();
}

const number = (value: number) => new Intl.NumberFormat('en').format(value);

/** The latest full year of the demo programme. */
async function aYear(): Promise<number> {
  const years = await demo.api<{ rows: { key: string }[] }>(
    '/api/breakdown/year?sort=key&order=asc&limit=100',
  );
  const thisYear = new Date().getUTCFullYear();
  return Math.max(...years.rows.map((r) => Number(r.key.slice(0, 4))).filter((y) => y < thisYear));
}

async function createByApi(payload: Record<string, unknown>): Promise<string> {
  const response = await demo.fetch('/api/share-links', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '2024-01-01', to: '2025-01-01', ...payload }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { url: string }).url;
}

describe('a share link for one region', () => {
  it('is made by a manager, read signed out within its scope, logged, and stops when revoked', async () => {
    const created = await demo.fetch('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...MANAGER, name: 'María Manager', role: 'manager' }),
    });
    expect(created.status).toBe(201);
    const year = await aYear();

    const managerContext = await anonymousContext();
    const funderContext = await anonymousContext();
    try {
      // The manager signs in and makes the link on the Share links page.
      const manager = await managerContext.newPage();
      await manager.goto(`${demo.server.url}/share-links`);
      await manager.fill('#email', MANAGER.email);
      await manager.fill('#password', MANAGER.password);
      await manager.click('button[type=submit]');
      await manager.waitForURL(/\/share-links$/);
      expect(await manager.locator('h1').innerText()).toBe('Share links');

      await manager.fill('#label', 'Regional funder');
      await manager.selectOption('#from', `${year}-01-01`);
      await manager.selectOption('#to', `${year + 1}-01-01`);
      await manager.selectOption('#region', REGION);
      await manager.click('form[action="?/create"] button[type=submit]');
      await manager.waitForSelector('#created-url');
      const url = await manager.inputValue('#created-url');
      expect(url).toMatch(new RegExp(`^${demo.server.url}/r/[A-Za-z0-9_-]{43}$`));

      // Signed out, the funder opens it and lands on the overview, locked to the link's scope.
      const funder = await funderContext.newPage();
      const opened = await funder.goto(url);
      expect(opened?.status()).toBe(200);
      const landed = new URL(funder.url());
      expect(landed.pathname).toBe('/report');
      expect(landed.searchParams.get('from')).toBe(`${year}-01-01`);
      expect(landed.searchParams.get('to')).toBe(`${year + 1}-01-01`);
      expect(landed.searchParams.get('region')).toBe(REGION);
      const banner = await funder.getByRole('complementary', { name: 'Shared view' }).innerText();
      expect(banner).toContain(`Shared view: Regional funder — ${year}, ${REGION}, until`);
      const nav = await funder.getByRole('navigation', { name: 'Main' }).innerText();
      expect(nav).toMatch(/Overview/);
      expect(nav).toMatch(/Reach/);
      expect(nav).not.toMatch(/Webinars|Import|Surveys|Share links/);
      expect(await funder.locator('header').innerText()).not.toMatch(/Sign out/);
      const cookie = (await funderContext.cookies()).find((c) => c.name === 'ripple_share');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      const scoped = await demo.api<Overview>(
        `/api/overview?from=${year}-01-01&to=${year + 1}-01-01&region=${encodeURIComponent(REGION)}`,
      );
      const everyone = await demo.api<Overview>('/api/overview');
      expect(scoped.uniqueParticipants).toBeLessThan(everyone.uniqueParticipants);
      expect(
        ((await funder.textContent('[data-testid="report-uniqueParticipants"]')) ?? '').trim(),
      ).toBe(number(scoped.uniqueParticipants));
      // The report's PDF downloads from the shared view, of the link's scope.
      const [download] = await Promise.all([
        funder.waitForEvent('download'),
        funder.getByTestId('report-pdf').click(),
      ]);
      const pdf = await readFile((await download.path())!);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // Its text holds the report's headline figure.
      const parser = new PDFParse({ data: new Uint8Array(pdf) });
      const pdfText = (await parser.getText().finally(() => parser.destroy())).text;
      expect(pdfText).toContain(number(scoped.uniqueParticipants));
      await funder.goto(`${demo.server.url}/?lang=en`);
      expect(await tile(funder, 'uniqueParticipants')).toBe(number(scoped.uniqueParticipants));

      // Asking for more in the address changes nothing: the page goes back to the link's scope.
      await funder.goto(`${demo.server.url}/reach?from=2010-01-01&to=2030-01-01&region=Europe`);
      const reach = new URL(funder.url());
      expect(reach.pathname).toBe('/reach');
      expect(reach.searchParams.get('region')).toBe(REGION);
      expect(reach.searchParams.get('from')).toBe(`${year}-01-01`);
      await funder.goto(`${demo.server.url}/?from=2010-01-01&to=2030-01-01`);
      expect(await tile(funder, 'uniqueParticipants')).toBe(number(scoped.uniqueParticipants));
      // A manager's page is not for a shared view.
      const webinars = await funder.goto(`${demo.server.url}/webinars`);
      expect(webinars?.status()).toBe(403);

      // The manager sees the views, page by page.
      await manager.goto(`${demo.server.url}/share-links`);
      const row = manager.locator('tr', { hasText: 'Regional funder' });
      expect(await row.innerText()).toMatch(/active/);
      await row.getByRole('link').click();
      await manager.waitForURL(/\/share-links\/\d+$/);
      const log = await manager.locator('table').innerText();
      expect(log).toContain('/reach?');
      expect(log).toContain('127.0.0.0/24');

      // Revoked: the open shared view stops at its next page, and the link says why.
      await manager.goto(`${demo.server.url}/share-links`);
      await manager.getByRole('button', { name: 'Revoke the link for Regional funder' }).click();
      await manager.waitForFunction(
        () => document.querySelector('tr[data-status="revoked"]') !== null,
      );
      const next = await funder.goto(`${demo.server.url}/reach`);
      expect(next?.status()).toBe(410);
      expect(new URL(funder.url()).pathname).toBe('/r/ended');
      expect(await funder.locator('h1').innerText()).toBe('This shared view has ended');
      const again = await funder.goto(url);
      expect(again?.status()).toBe(410);
      expect(await funder.locator('h1').innerText()).toBe('This link was revoked');
      expect(await funder.locator('main p').last().innerText()).toMatch(
        /withdrew this link on \w+ \d+, \d{4}/,
      );
      const spanish = await funder.goto(`${url}?lang=es`);
      expect(spanish?.status()).toBe(410);
      expect(await funder.locator('h1').innerText()).toBe('Este enlace fue revocado');
    } finally {
      await managerContext.close();
      await funderContext.close();
    }
  });
});

describe('a link that no longer opens', () => {
  it('says when it expired, in English and Spanish', async () => {
    const url = await createByApi({
      label: 'Short-lived',
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const context = await anonymousContext(false);
    try {
      const page = await context.newPage();
      const response = await page.goto(url);
      expect(response?.status()).toBe(410);
      expect(await page.locator('h1').innerText()).toBe('This link has expired');
      expect(await page.locator('main').innerText()).toMatch(/was valid until/);
      await page.goto(`${url}?lang=es`);
      expect(await page.locator('h1').innerText()).toBe('Este enlace ha caducado');
      expect(await page.getAttribute('html', 'lang')).toBe('es');
      const unknown = await page.goto(`${demo.server.url}/r/${'x'.repeat(43)}?lang=en`);
      expect(unknown?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('This link does not exist');
      // The token must not leak through the Referer header, nor stay in a cache.
      expect(response?.headers()['referrer-policy']).toBe('no-referrer');
      expect(response?.headers()['cache-control']).toBe('no-store');
    } finally {
      await context.close();
    }
  });
});

describe('a link with a password', () => {
  it('asks for it without JavaScript, refuses a wrong one, and closes on request', async () => {
    const url = await createByApi({
      label: 'Board',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      password: 'the board reads this quarterly',
    });
    const context = await anonymousContext(false);
    try {
      const page = await context.newPage();
      await page.goto(url);
      expect(await page.locator('h1').innerText()).toBe('This shared report has a password');
      await page.fill('#password', 'not the password at all');
      await page.click('button[type=submit]');
      expect(await page.getByRole('alert').innerText()).toBe('The password is wrong.');
      await page.fill('#password', 'the board reads this quarterly');
      await page.click('button[type=submit]');
      expect(new URL(page.url()).searchParams.get('from')).toBe('2024-01-01');
      expect(await page.getByRole('complementary', { name: 'Shared view' }).innerText()).toContain(
        'Shared view: Board — 2024, until',
      );

      await page.getByRole('button', { name: 'Close shared view' }).click();
      expect(new URL(page.url()).pathname).toBe('/r/closed');
      expect(await page.locator('h1').innerText()).toBe('You closed the shared view');
      await page.goto(`${demo.server.url}/`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    } finally {
      await context.close();
    }
  });

  it('shows small groups as "<5" on the report page and in its PDF', async () => {
    // A scope narrow enough to hold groups of 1 to 4 people: the region and one topic, found
    // through the manager's exact report.
    const year = await aYear();
    const period = `from=${year}-01-01&to=${year + 1}-01-01`;
    const reference = await demo.api<{ topics: { id: number }[] }>('/api/reference');
    let topic: number | undefined;
    for (const { id } of reference.topics) {
      const exact = await demo.api<{
        audience: Record<string, { rows: { participants: number }[] }>;
      }>(`/api/report?${period}&region=${encodeURIComponent(REGION)}&topic=${id}`);
      const small = Object.values(exact.audience)
        .flatMap((b) => b.rows)
        .some((r) => r.participants > 0 && r.participants < 5);
      if (small) {
        topic = id;
        break;
      }
    }
    expect(topic, 'a topic with a small group in the region').toBeDefined();
    const url = await createByApi({
      label: 'Small groups',
      from: `${year}-01-01`,
      to: `${year + 1}-01-01`,
      region: REGION,
      topic,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const context = await anonymousContext();
    try {
      const page = await context.newPage();
      await page.goto(url);
      expect(new URL(page.url()).pathname).toBe('/report');
      expect(await page.textContent('main')).toContain('<5');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('report-pdf').click(),
      ]);
      const pdf = await readFile((await download.path())!);
      const parser = new PDFParse({ data: new Uint8Array(pdf) });
      const text = (await parser.getText().finally(() => parser.destroy())).text;
      expect(text).toContain('<5');
    } finally {
      await context.close();
    }
  });
});

describe('the Share links form', () => {
  it("keeps what a manager typed before the page's scripts arrived", async () => {
    const context = await demo.browser.newContext();
    try {
      const page = await context.newPage();
      const release = await holdHydration(page, '/share-links');
      await page.goto(`${demo.server.url}/share-links`);
      await page.fill('#label', 'Typed early');
      await page.selectOption('#region', REGION);
      expect(
        await page.evaluate(() => document.documentElement.hasAttribute('data-hydrated')),
      ).toBe(false);

      // Hydration would once have emptied the label and set the region back to "any".
      await release();
      expect(await page.inputValue('#label')).toBe('Typed early');
      expect(await page.inputValue('#region')).toBe(REGION);

      await page.click('form[action="?/create"] button[type=submit]');
      await page.waitForSelector('#created-url');
      const row = page.locator('tr', { hasText: 'Typed early' });
      expect(await row.innerText()).toContain(REGION);
    } finally {
      await context.close();
    }
  });
});
