import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseFilter, drawnCanvases, switchLanguage } from './pages.js';
import { useDemo } from './demo.js';

interface Measures {
  participants: number;
  attendances: number;
}
interface Breakdown {
  total: Measures;
  rows: (Measures & { key: string | null; share: number })[];
}
interface CrossTab {
  cells: (Measures & { row: string | null; column: string | null })[];
}
interface Reference {
  topics: { id: number; labelEn: string }[];
}

const demo = useDemo('audiences');
const { api } = demo;

const en = new Intl.NumberFormat('en');

/** The figure a cross-tab shows for one pair, as text. */
async function cellText(page: Page, table: string, row: string, column: string) {
  return (
    await page
      .locator(`[data-testid="${table}"] td[data-row="${row}"][data-column="${column}"]`)
      .textContent()
  )?.trim();
}

/** The largest cell of a cross-tab as the API gives it. */
function largest(table: CrossTab, measure: keyof Measures) {
  return [...table.cells].sort((a, b) => b[measure] - a[measure])[0]!;
}

describe('the Audiences page', () => {
  it('draws sectors, gender and language, and the three cross-tabs, from the API', async () => {
    const page = await demo.browser.newPage();
    try {
      const response = await page.goto(`${demo.server.url}/audiences?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toMatch(/Audiences/);
      expect(await drawnCanvases(page, 3)).toBeGreaterThanOrEqual(3);

      const sectors = await api<Breakdown>('/api/breakdown/sector');
      const top = sectors.rows[0]!;
      const takeaway = await page.getByTestId('sectors-takeaway').textContent();
      expect(takeaway).toContain(en.format(top.participants));
      expect(takeaway).toContain(
        new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(
          top.share,
        ),
      );

      const sectorTopic = await api<CrossTab>('/api/crosstab?rows=sector&columns=topic');
      const cell = largest(sectorTopic, 'participants');
      expect(await cellText(page, 'cross-sector-topic', cell.row!, cell.column!)).toBe(
        en.format(cell.participants),
      );
      // The corner total is the API's count of distinct people, not a sum of cells.
      expect((await page.getByTestId('cross-sector-topic-total').textContent())?.trim()).toBe(
        en.format(sectors.total.participants),
      );

      for (const table of ['cross-country-sector', 'cross-region-year']) {
        await expect(page.locator(`[data-testid="${table}"] table`).count()).resolves.toBe(1);
        const headers = await page.locator(`[data-testid="${table}"] th[scope]`).count();
        expect(headers, table).toBeGreaterThan(4);
        await expect(
          page.locator(`[data-testid="${table}"] a[download]`).getAttribute('href'),
        ).resolves.toMatch(/^data:text\/csv/);
      }
      // Top 20 countries, named in English.
      await expect(
        page.locator('[data-testid="cross-country-sector"] tbody tr').count(),
      ).resolves.toBe(20);
      await expect(
        page.locator('[data-testid="cross-country-sector"] tbody th').first().textContent(),
      ).resolves.not.toMatch(/^[A-Z]{2}$/);
    } finally {
      await page.close();
    }
  });

  it('follows a topic filter: the URL carries it and the figures are the filtered ones', async () => {
    const reference = await api<Reference>('/api/reference');
    const topic = reference.topics[2]!;
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/audiences?lang=en`);
      await drawnCanvases(page, 3);
      const before = await page.getByTestId('sectors-takeaway').textContent();

      await chooseFilter(page, 'Topic', String(topic.id));
      expect(new URL(page.url()).searchParams.get('topic')).toBe(String(topic.id));

      const sectors = await api<Breakdown>(`/api/breakdown/sector?topic=${topic.id}`);
      const after = await page.getByTestId('sectors-takeaway').textContent();
      expect(after).toContain(en.format(sectors.rows[0]!.participants));
      expect(after).not.toBe(before);

      const regionYear = await api<CrossTab>(
        `/api/crosstab?rows=region&columns=year&topic=${topic.id}`,
      );
      const cell = largest(regionYear, 'participants');
      expect(await cellText(page, 'cross-region-year', cell.row!, cell.column!)).toBe(
        en.format(cell.participants),
      );
      // Only the chosen topic's column is left in sector × topic.
      await expect(
        page.locator('[data-testid="cross-sector-topic"] thead th[scope="col"]').allTextContents(),
      ).resolves.toContain(topic.labelEn);
      expect(await drawnCanvases(page, 3)).toBeGreaterThanOrEqual(3);
    } finally {
      await page.close();
    }
  });

  it('counts attendances instead of people when asked, by a link', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/audiences?lang=en`);
      await page.getByTestId('measure-attendances').click();
      await page.waitForURL((url) => url.searchParams.get('measure') === 'attendances');
      await page.waitForLoadState('networkidle');
      await expect(
        page.getByTestId('measure-attendances').getAttribute('aria-current'),
      ).resolves.toBe('true');

      const table = await api<CrossTab>('/api/crosstab?rows=sector&columns=topic');
      const cell = largest(table, 'attendances');
      expect(await cellText(page, 'cross-sector-topic', cell.row!, cell.column!)).toBe(
        en.format(cell.attendances),
      );
    } finally {
      await page.close();
    }
  });

  it('sorts a cross-tab by a column from its header button', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/audiences?lang=en`);
      await drawnCanvases(page, 3);
      const table = page.locator('[data-testid="cross-region-year"] table');
      const header = table.locator('thead th[scope="col"]', { hasText: '2012' });
      await header.getByRole('button').click();
      await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
      const regionYear = await api<CrossTab>('/api/crosstab?rows=region&columns=year');
      const first = [...regionYear.cells]
        .filter((c) => c.column === '2012')
        .sort((a, b) => b.participants - a.participants)[0]!;
      await expect(
        table.locator('tbody tr').first().locator('td[data-column="2012"]').textContent(),
      ).resolves.toBe(en.format(first.participants));
      await header.getByRole('button').click();
      await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
    } finally {
      await page.close();
    }
  });

  it('works without JavaScript: the tables are in the page as served', async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${demo.server.url}/audiences?lang=en&measure=attendances`);
      const table = await api<CrossTab>('/api/crosstab?rows=country&columns=sector');
      const countries = await api<Breakdown>('/api/breakdown/country?limit=1');
      const cell = largest(
        { cells: table.cells.filter((c) => c.row === countries.rows[0]!.key) },
        'attendances',
      );
      expect(await cellText(page, 'cross-country-sector', cell.row!, cell.column!)).toBe(
        en.format(cell.attendances),
      );
    } finally {
      await context.close();
    }
  });

  it('switches to Spanish: headings, names and numbers', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/audiences?lang=en`);
      await switchLanguage(page, 'es');
      await expect(page.locator('h1').textContent()).resolves.toBe('Audiencias');
      await expect(page.locator('#sectors-heading').textContent()).resolves.toBe(
        'Participantes por sector',
      );
      const sectors = await api<Breakdown>('/api/breakdown/sector');
      const top = sectors.rows[0]!;
      const es = new Intl.NumberFormat('es', { style: 'percent', maximumFractionDigits: 1 });
      const takeaway = await page.getByTestId('sectors-takeaway').textContent();
      expect(takeaway).toContain(es.format(top.share)); // "36,3 %"
      expect(takeaway).toContain(new Intl.NumberFormat('es').format(top.participants));
      expect(takeaway).toMatch(/Gobierno/);
      expect(await drawnCanvases(page, 3)).toBeGreaterThanOrEqual(3);
    } finally {
      await page.close();
    }
  });

  it('says so when the filters match nothing, instead of drawing empty charts', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/audiences?lang=en&from=1990-01-01&to=1991-01-01`);
      await expect(page.getByTestId('audiences-empty').isVisible()).resolves.toBe(true);
      await expect(page.locator('canvas').count()).resolves.toBe(0);
    } finally {
      await page.close();
    }
  });
});
