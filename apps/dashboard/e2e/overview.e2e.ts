import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { chooseFilter, drawnCanvases, switchLanguage } from './pages.js';
import { startServer, type RunningServer } from './server.js';
import { signedInBrowser, signIn, type SignedIn } from './session.js';

const TILES = [
  'webinarsHeld',
  'speakers',
  'uniqueParticipants',
  'attendances',
  'countries',
  'sectors',
  'registrations',
  'attendanceRate',
  'averageAttendeesPerWebinar',
  'averageMinutes',
  'returningShare',
  'newParticipants',
] as const;
type Overview = Record<(typeof TILES)[number], number> & {
  comparison?: { from: string; to: string; figures: Record<string, number> };
};

/** A tile's figure as the page must show it in `lang`. */
function formatTile(lang: string, key: (typeof TILES)[number], value: number): string {
  if (key === 'attendanceRate' || key === 'returningShare') {
    return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(
      value,
    );
  }
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value);
}

async function api(path: string): Promise<Overview> {
  return (await (
    await fetch(`${server.url}${path}`, { headers: session.headers })
  ).json()) as Overview;
}

const dataDir = mkdtempSync(join(tmpdir(), 'ripple-e2e-'));
let server: RunningServer;
let browser: Browser;
let session: SignedIn;
let overview: Overview;

beforeAll(async () => {
  // The embedded database in a fresh directory: the first start generates the demo programme,
  // and, with no account configured, the demo's admin, whose password it prints once.
  server = await startServer({
    RIPPLE_DATA_DIR: join(dataDir, 'data'),
    RIPPLE_DEMO: '1',
    DATABASE_URL: '',
  });
  const printed = /Sign in at \S+\/sign-in as (\S+) with the password (\S+)/.exec(server.output());
  if (!printed) throw new Error(`the demo printed no sign-in:\n${server.output()}`);
  session = await signIn(server.url, { email: printed[1]!, password: printed[2]! });
  overview = await api('/api/overview');
  browser = signedInBrowser(await launchBrowser(), server.url, session);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo programme', () => {
  it('has the size of the programme Ripple was made for', () => {
    expect(overview.webinarsHeld).toBeGreaterThanOrEqual(60);
    expect(overview.speakers).toBeGreaterThanOrEqual(140);
    expect(overview.uniqueParticipants).toBeGreaterThanOrEqual(4700);
    expect(overview.countries).toBeGreaterThanOrEqual(100);
  });
});

describe('the Overview page', () => {
  for (const [lang, heading] of [
    ['en', /Overview/],
    ['es', /Resumen/],
  ] as const) {
    it(`shows the API's headline figures in ${lang === 'en' ? 'English' : 'Spanish'}`, async () => {
      const page = await browser.newPage();
      try {
        const response = await page.goto(`${server.url}/?lang=${lang}`);
        expect(response?.status()).toBe(200);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        await expect(page.title()).resolves.toMatch(heading);
        for (const key of TILES) {
          const text = (await page.textContent(`[data-testid="tile-${key}"]`))?.trim();
          expect(text, key).toBe(formatTile(lang, key, overview[key]));
        }
        // Growth, sectors, topics and top countries are drawn.
        expect(await drawnCanvases(page, 4)).toBe(4);
      } finally {
        await page.close();
      }
    });
  }
});

describe('filters on the Overview', () => {
  it('narrow every figure, compare with the year before, and survive a change of language', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/?lang=en`);
      await page.click('[data-testid="year-2014"]');
      await page.waitForURL(/from=2014-01-01&to=2015-01-01/);
      await page.waitForLoadState('networkidle');
      const year = await api('/api/overview?from=2014-01-01&to=2015-01-01');
      expect(year.uniqueParticipants).toBeLessThan(overview.uniqueParticipants);
      expect((await page.textContent('[data-testid="tile-uniqueParticipants"]'))?.trim()).toBe(
        formatTile('en', 'uniqueParticipants', year.uniqueParticipants),
      );

      await chooseFilter(page, 'Compare with', 'year');
      expect(page.url()).toMatch(/compare=year/);
      const compared = await api('/api/overview?from=2014-01-01&to=2015-01-01&compare=year');
      expect(compared.comparison?.from).toBe('2013-01-01');
      const change = await page.textContent('[data-testid="change-uniqueParticipants"]');
      expect(change).toContain(
        formatTile('en', 'uniqueParticipants', compared.comparison!.figures.uniqueParticipants!),
      );

      const topic = await page.$eval(
        '#filter-topic option:nth-child(2)',
        (o) => (o as HTMLOptionElement).value,
      );
      await chooseFilter(page, 'Topic', topic);
      expect(page.url()).toContain(`topic=${topic}`);
      // Empty fields stay out of the address.
      expect([...new URL(page.url()).searchParams.keys()].sort()).toEqual(
        ['compare', 'from', 'lang', 'to', 'topic'].sort(),
      );
      const narrowed = await api(`/api/overview?from=2014-01-01&to=2015-01-01&topic=${topic}`);
      expect(narrowed.uniqueParticipants).toBeLessThan(year.uniqueParticipants);
      expect((await page.textContent('[data-testid="tile-uniqueParticipants"]'))?.trim()).toBe(
        formatTile('en', 'uniqueParticipants', narrowed.uniqueParticipants),
      );
      expect(await drawnCanvases(page, 4)).toBe(4);

      // The language changes, the view does not.
      await switchLanguage(page, 'es');
      expect(page.url()).toContain(`topic=${topic}`);
      expect(await page.textContent('h1')).toMatch(/Resumen/);
      expect((await page.textContent('[data-testid="tile-attendanceRate"]'))?.trim()).toBe(
        formatTile('es', 'attendanceRate', narrowed.attendanceRate),
      );

      // Moving to another analytics page keeps the filters.
      await page.click('nav.main-nav a[href^="/reach"]');
      await page.waitForURL(/\/reach\?/);
      expect(page.url()).toContain(`topic=${topic}`);
    } finally {
      await page.close();
    }
  });

  it('says so when nothing matches', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/?lang=en&from=2030-01-01&to=2031-01-01`);
      expect(await page.textContent('[data-testid="no-match"]')).toMatch(/Nothing matches/);
      expect((await page.textContent('[data-testid="tile-uniqueParticipants"]'))?.trim()).toBe('0');
    } finally {
      await page.close();
    }
  });
});

describe('the language choice', () => {
  it('is remembered in a cookie that plain http keeps (not marked Secure)', async () => {
    const res = await fetch(`${server.url}/?lang=es`, { headers: session.headers });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lang=es;/);
    expect(cookie).not.toMatch(/;\s*Secure/i);

    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/?lang=es`);
      await page.goto(`${server.url}/`);
      expect(await page.getAttribute('html', 'lang')).toBe('es');
    } finally {
      await page.close();
    }
  });
});

describe('restarting', () => {
  it('keeps the data and does not add the demo twice', async () => {
    expect(server.output()).toMatch(/generating the demo programme/);
    expect(await server.stop()).toBe(0);
    server = await startServer({
      RIPPLE_DATA_DIR: join(dataDir, 'data'),
      RIPPLE_DEMO: '1',
      DATABASE_URL: '',
    });
    expect(server.output()).not.toMatch(/generating the demo programme/);
    expect(await api('/api/overview')).toEqual(overview);
  });
});
