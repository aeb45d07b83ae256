import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const TILES = [
  'webinarsHeld',
  'speakers',
  'uniqueParticipants',
  'attendances',
  'countries',
  'sectors',
] as const;
type Overview = Record<(typeof TILES)[number], number>;

const dataDir = mkdtempSync(join(tmpdir(), 'ripple-e2e-'));
let server: RunningServer;
let browser: Browser;
let overview: Overview;

beforeAll(async () => {
  // The embedded database in a fresh directory: the first start generates the demo programme.
  server = await startServer({
    RIPPLE_DATA_DIR: join(dataDir, 'data'),
    RIPPLE_DEMO: '1',
    DATABASE_URL: '',
  });
  overview = (await (await fetch(`${server.url}/api/overview`)).json()) as Overview;
  browser = await launchBrowser();
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
        const format = new Intl.NumberFormat(lang);
        for (const key of TILES) {
          const text = (await page.textContent(`[data-testid="tile-${key}"]`))?.trim();
          expect(text, key).toBe(format.format(overview[key]));
        }
        // The chart of cumulative reach is drawn.
        await page.waitForSelector('canvas', { state: 'attached' });
      } finally {
        await page.close();
      }
    });
  }
});

describe('the language choice', () => {
  it('is remembered in a cookie that plain http keeps (not marked Secure)', async () => {
    const res = await fetch(`${server.url}/?lang=es`);
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
    const again = (await (await fetch(`${server.url}/api/overview`)).json()) as Overview;
    expect(again).toEqual(overview);
  });
});
