import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseFilter, drawnCanvases, switchLanguage } from './pages.js';
import { useDemo } from './demo.js';

interface Row {
  key: string | null;
  participants: number;
  share: number;
}
interface Breakdown {
  total: { participants: number };
  rows: Row[];
}
interface Overview {
  uniqueParticipants: number;
  countries: number;
}

const REGION = 'Latin America & Caribbean';

const demo = useDemo('reach');
const { api } = demo;

/** The table's rows as the page shows them: country name and participants as text. */
async function tableRows(page: Page): Promise<{ name: string; participants: string }[]> {
  return page.locator('[data-testid="country-table"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      name: row.querySelector('th')?.textContent?.trim() ?? '',
      participants: row.querySelector('td')?.textContent?.trim() ?? '',
    })),
  );
}

describe('the Reach page', () => {
  it('maps the countries, filters by region, sorts the table and speaks Spanish', async () => {
    const en = new Intl.NumberFormat('en');
    const page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      const response = await page.goto(`${demo.server.url}/reach?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toMatch(/Reach/);
      expect(await page.textContent('h1')).toBe('Where participants come from');

      // The map and both bar charts drew (the map loads its shapes after the page).
      expect(await page.locator('canvas').count()).toBe(3);
      expect(await drawnCanvases(page, 3)).toBe(3);
      const mapLabel = await page.getAttribute('.world-map canvas', 'aria-label');
      expect(mapLabel).toMatch(/^World map of unique participants by country/);

      // The headline is the API's, for all the programme.
      const all = await api<Overview>('/api/overview');
      const headline = await page.textContent('[data-testid="headline"]');
      expect(headline).toContain(
        `${en.format(all.uniqueParticipants)} participants from ${en.format(all.countries)} countries.`,
      );
      // Island states below the map's scale are named under it.
      expect(await page.textContent('[data-testid="map-not-drawn"]')).toContain('Singapore');

      // A region from the filter bar: the URL carries it and the figures are the API's for it.
      await chooseFilter(page, 'Region', REGION);
      const url = new URL(page.url());
      expect(url.pathname).toBe('/reach');
      expect(url.searchParams.get('region')).toBe(REGION);
      const query = `region=${encodeURIComponent(REGION)}`;
      const regional = await api<Overview>(`/api/overview?${query}`);
      const countries = await api<Breakdown>(`/api/breakdown/country?${query}&limit=300`);
      expect(regional.uniqueParticipants).toBeLessThan(all.uniqueParticipants);
      await page.waitForFunction(
        (text) => document.querySelector('[data-testid="headline"]')?.textContent?.includes(text),
        `${en.format(regional.uniqueParticipants)} participants from ${en.format(regional.countries)} countries.`,
      );
      const rows = await tableRows(page);
      expect(rows).toHaveLength(countries.rows.length);
      expect(rows[0]).toEqual({
        name: new Intl.DisplayNames('en', { type: 'region' }).of(countries.rows[0]!.key!),
        participants: en.format(countries.rows[0]!.participants),
      });
      expect(await drawnCanvases(page, 3)).toBe(3);

      // Sorting: fewest participants first, then countries A to Z, without asking the API again.
      const requests: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/api/')) requests.push(request.url());
      });
      await page.click('[data-testid="sort-participants"]');
      await page.waitForURL((next) => next.searchParams.get('order') === 'asc');
      expect(
        await page.getAttribute('th:has([data-testid="sort-participants"])', 'aria-sort'),
      ).toBe('ascending');
      const fewest = Math.min(...countries.rows.map((row) => row.participants));
      expect((await tableRows(page))[0]?.participants).toBe(en.format(fewest));

      await page.click('[data-testid="sort-country"]');
      await page.waitForURL((next) => next.searchParams.get('sort') === 'country');
      expect(await page.getAttribute('th:has([data-testid="sort-country"])', 'aria-sort')).toBe(
        'ascending',
      );
      expect(await page.locator('th[aria-sort]').count()).toBe(1);
      const names = (await tableRows(page)).map((row) => row.name);
      expect(names).toEqual([...names].sort(new Intl.Collator('en').compare));
      expect(new URL(page.url()).searchParams.get('region')).toBe(REGION);
      expect(requests).toEqual([]);

      // Spanish: headings, country names and numbers as a Spanish reader writes them.
      await switchLanguage(page, 'es');
      expect(await page.textContent('h1')).toBe('De dónde vienen los participantes');
      await expect(page.title()).resolves.toMatch(/Alcance/);
      const spanishNames = (await tableRows(page)).map((row) => row.name);
      expect(spanishNames).toContain('México');
      expect(spanishNames).toContain('Perú');
      expect(spanishNames).toEqual([...spanishNames].sort(new Intl.Collator('es').compare));
      const es = new Intl.NumberFormat('es');
      const spanishHeadline = await page.textContent('[data-testid="headline"]');
      expect(spanishHeadline).toContain(
        `${es.format(regional.uniqueParticipants)} participantes de ${es.format(regional.countries)} países.`,
      );
      const mexico = countries.rows.find((row) => row.key === 'MX')!;
      const percent = new Intl.NumberFormat('es', {
        style: 'percent',
        maximumFractionDigits: 1,
      }).format(mexico.share);
      expect(percent).toContain(',');
      expect(spanishHeadline).toContain(
        `México, con ${es.format(mexico.participants)} (${percent})`,
      );
      expect(await page.textContent('#regions-heading')).toBe('Participantes por región');
      expect(await drawnCanvases(page, 3)).toBe(3);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('sorts the table without JavaScript, by plain forms', async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${demo.server.url}/reach?lang=en&country=MX&country=PE&country=CL`);
      await page.click('[data-testid="sort-country"]');
      await page.waitForURL((url) => url.searchParams.get('sort') === 'country');
      const url = new URL(page.url());
      expect(url.searchParams.getAll('country')).toEqual(['MX', 'PE', 'CL']);
      expect(url.searchParams.get('order')).toBe('asc');
      expect((await tableRows(page)).map((row) => row.name)).toEqual(['Chile', 'Mexico', 'Peru']);
      expect(await page.getAttribute('th:has([data-testid="sort-country"])', 'aria-sort')).toBe(
        'ascending',
      );
    } finally {
      await context.close();
    }
  });

  it('says so when no participant matches the filters, instead of drawing empty charts', async () => {
    const page = await demo.browser.newPage();
    try {
      const response = await page.goto(`${demo.server.url}/reach?lang=en&country=AQ`);
      expect(response?.status()).toBe(200);
      expect(await page.textContent('[data-testid="empty"]')).toMatch(/No participants match/);
      expect(await page.locator('canvas').count()).toBe(0);
      expect(await page.locator('[data-testid="country-table"]').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
