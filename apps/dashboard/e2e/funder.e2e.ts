import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { signIn, type SignedIn } from './session.js';

// A funder signed in reads every aggregate page of their navigation with small cells hidden:
// no page fails on the protected shapes (null counts, `suppressed`, `minCellSize`), in English
// and Spanish, for all time and for one year; and a hidden country reads "<5" with the footnote.

const demo = useDemo('funder');
const FUNDER = { email: 'fiona@example.org', password: 'funders read protected figures 7' };
const PAGES = ['/', '/reach', '/audiences', '/topics', '/impact', '/report'];

interface Row {
  key: string | null;
  participants: number | null;
  suppressed?: 'small' | 'withheld';
}
interface Breakdown {
  rows: Row[];
  minCellSize?: number;
}

let funder: SignedIn;
let context: BrowserContext;

/** GETs an API path as the funder. */
async function asFunder<T>(path: string): Promise<T> {
  const response = await fetch(`${demo.server.url}${path}`, { headers: funder.headers });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  const created = await demo.fetch('/api/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...FUNDER, name: 'Fiona Funder', role: 'funder' }),
  });
  expect(created.status).toBe(201);
  funder = await signIn(demo.server.url, FUNDER);
  context = await demo.anonymousBrowser.newContext();
  await context.addCookies(funder.cookies.map((c) => ({ ...c, url: demo.server.url })));
});

afterAll(async () => {
  await context?.close();
});

describe('a funder', () => {
  it('opens every aggregate page without an error, in English and Spanish', async () => {
    const page = await context.newPage();
    try {
      for (const lang of ['en', 'es'] as const) {
        for (const path of PAGES) {
          for (const query of [`lang=${lang}`, `lang=${lang}&year=2014`]) {
            const address = `${demo.server.url}${path}?${query}`;
            const response = await page.goto(address);
            expect(response?.status(), address).toBe(200);
            await expect(page.locator('.error-page').count(), address).resolves.toBe(0);
            await expect(page.locator('main h1').count(), address).resolves.toBeGreaterThan(0);
          }
        }
      }
      // Loyalty's figures are exact (not protected): it is not in a funder's navigation.
      const nav = await page.getByRole('navigation', { name: 'Principal' }).innerText();
      expect(nav).toMatch(/Alcance/);
      expect(nav).not.toMatch(/Fidelidad|Loyalty/);
    } finally {
      await page.close();
    }
  });

  it('sees a small country as "<5" with the footnote on Reach', async () => {
    // A region whose country table, as the funder receives it, has a small country.
    const regions = await asFunder<Breakdown>('/api/breakdown/region?limit=50');
    let region: string | undefined;
    let small: Row | undefined;
    for (const row of regions.rows) {
      if (row.key === null) continue;
      const countries = await asFunder<Breakdown>(
        `/api/breakdown/country?limit=300&region=${encodeURIComponent(row.key)}`,
      );
      expect(countries.minCellSize).toBe(5);
      small = countries.rows.find((c) => c.suppressed === 'small' && c.key !== null);
      if (small) {
        region = row.key;
        break;
      }
    }
    if (!region || !small) throw new Error('no region of the demo has a small country');

    const page = await context.newPage();
    try {
      for (const [lang, note] of [
        ['en', 'Counts of fewer than 5 people are shown as “<5”'],
        ['es', 'Las cifras de menos de 5 personas se muestran como «<5»'],
      ] as const) {
        const address = `${demo.server.url}/reach?lang=${lang}&region=${encodeURIComponent(region)}`;
        expect((await page.goto(address))?.status(), address).toBe(200);
        await expect(page.locator('.error-page').count()).resolves.toBe(0);
        const cells = await page
          .locator('[data-testid="country-table"] tbody tr td:first-of-type')
          .allTextContents();
        expect(cells.map((c) => c.trim())).toContain('<5');
        await expect(page.getByTestId('hidden-note').innerText()).resolves.toContain(note);
      }
    } finally {
      await page.close();
    }
  });
});
