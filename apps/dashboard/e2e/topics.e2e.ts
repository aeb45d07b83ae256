import { describe, expect, it } from 'vitest';
import { chooseFilter, drawnCanvases, switchLanguage } from './pages.js';
import { useDemo } from './demo.js';

interface Breakdown {
  total: { participants: number };
  rows: { key: string | null; participants: number; share: number }[];
}
interface CrossTab {
  cells: { row: string | null; column: string | null; participants: number }[];
}

const demo = useDemo('topics');
const { api } = demo;

const en = new Intl.NumberFormat('en');
const largest = (table: CrossTab) =>
  [...table.cells].sort((a, b) => b.participants - a.participants)[0]!;

describe('the Topics page', () => {
  it('draws topics and working groups over time and ranked, with the API’s figures', async () => {
    const page = await demo.browser.newPage();
    try {
      const response = await page.goto(`${demo.server.url}/topics?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toMatch(/Topics/);
      expect(await drawnCanvases(page, 4)).toBe(4);

      const topics = await api<Breakdown>('/api/breakdown/topic');
      await expect(page.getByTestId('topic-ranking-takeaway').textContent()).resolves.toContain(
        en.format(topics.rows[0]!.participants),
      );
      const byYear = await api<CrossTab>('/api/crosstab?rows=topic&columns=year');
      const cell = largest(byYear);
      const takeaway = await page.getByTestId('topic-time-takeaway').textContent();
      expect(takeaway).toContain(en.format(cell.participants));
      expect(takeaway).toContain(cell.column!);
      // The double counting of topics is said in words.
      await expect(page.getByText(/counts under both/).count()).resolves.toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('groups by quarter from a link that keeps the filters', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/topics?lang=en&language=en`);
      await page.getByTestId('interval-quarter').click();
      await page.waitForURL((url) => url.searchParams.get('interval') === 'quarter');
      await page.waitForLoadState('networkidle');
      expect(new URL(page.url()).searchParams.get('language')).toBe('en');

      const byQuarter = await api<CrossTab>(
        '/api/crosstab?rows=working_group&columns=quarter&language=en',
      );
      const cell = largest(byQuarter);
      const [year, quarter] = cell.column!.split('-Q');
      const takeaway = await page.getByTestId('group-time-takeaway').textContent();
      expect(takeaway).toContain(`Q${quarter} ${year}`);
      expect(takeaway).toContain(en.format(cell.participants));
      expect(await drawnCanvases(page, 4)).toBe(4);
    } finally {
      await page.close();
    }
  });

  it('follows a sector filter: the URL carries it and the figures are the filtered ones', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/topics?lang=en`);
      await drawnCanvases(page, 4);
      const before = await page.getByTestId('topic-ranking-takeaway').textContent();

      await chooseFilter(page, 'Sector', 'media');
      expect(new URL(page.url()).searchParams.get('sector')).toBe('media');

      const topics = await api<Breakdown>('/api/breakdown/topic?sector=media');
      const after = await page.getByTestId('topic-ranking-takeaway').textContent();
      expect(after).toContain(en.format(topics.rows[0]!.participants));
      expect(after).not.toBe(before);
      const groups = await api<Breakdown>('/api/breakdown/working_group?sector=media');
      await expect(page.getByTestId('group-ranking-takeaway').textContent()).resolves.toContain(
        en.format(groups.rows[0]!.participants),
      );
      expect(await drawnCanvases(page, 4)).toBe(4);
    } finally {
      await page.close();
    }
  });

  it('switches to Spanish: headings, names and numbers', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/topics?lang=en`);
      await switchLanguage(page, 'es');
      await expect(page.locator('h1').textContent()).resolves.toBe('Temas y grupos de trabajo');
      const groups = await api<Breakdown>('/api/breakdown/working_group');
      const top = groups.rows[0]!;
      const percent = new Intl.NumberFormat('es', { style: 'percent', maximumFractionDigits: 1 });
      const takeaway = await page.getByTestId('group-ranking-takeaway').textContent();
      expect(takeaway).toContain(percent.format(top.share)); // "57,5 %"
      expect(takeaway).toContain(new Intl.NumberFormat('es').format(top.participants));
      expect(takeaway).toMatch(/atrajo a más personas/);
      expect(await drawnCanvases(page, 4)).toBe(4);
    } finally {
      await page.close();
    }
  });

  it('says so when the filters match nothing', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/topics?lang=en&from=1990-01-01&to=1991-01-01`);
      await expect(page.getByTestId('topics-empty').isVisible()).resolves.toBe(true);
      await expect(page.locator('canvas').count()).resolves.toBe(0);
    } finally {
      await page.close();
    }
  });
});
