import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseFilter, drawnCanvases, switchLanguage } from './pages.js';
import { useDemo } from './demo.js';

interface Figures {
  uniqueParticipants: number;
  newParticipants: number;
  returningShare: number | null;
}
interface CohortCell {
  cohort: string;
  offset: number;
  participants: number;
}
interface Breakdown {
  rows: { key: string | null; participants: number }[];
}
interface CumulativeReach {
  points: { period: string; cumulativeParticipants: number }[];
}

const demo = useDemo('loyalty');
const { api } = demo;

const numbers = (lang: string) => new Intl.NumberFormat(lang);
// Chromium and Node may space a percent differently (narrow or plain no-break space).
const spaced = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const percent = (lang: string, ratio: number) =>
  spaced(new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(ratio));

const tile = async (page: Page, key: string) =>
  spaced(await page.getByTestId(`tile-${key}`).textContent());

describe('the Loyalty page', () => {
  it('draws new vs returning, cumulative reach and the distribution, and shows the cohorts', async () => {
    const page = await demo.browser.newPage();
    try {
      const response = await page.goto(`${demo.server.url}/loyalty?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toMatch(/Loyalty/);
      expect(await drawnCanvases(page, 3)).toBe(3);

      const figures = await api<Figures>('/api/overview');
      expect(await tile(page, 'uniqueParticipants')).toBe(
        numbers('en').format(figures.uniqueParticipants),
      );
      expect(await tile(page, 'returningShare')).toBe(percent('en', figures.returningShare!));
      const takeaway = spaced(await page.getByTestId('new-returning-takeaway').textContent());
      expect(takeaway).toContain(percent('en', figures.returningShare!));

      // The cohort table: a caption, header cells with scope, and the API's cohort sizes.
      const table = page.getByTestId('cohort-table');
      await expect(table.locator('caption').count()).resolves.toBe(1);
      await expect(table.locator('th[scope="row"]').count()).resolves.toBeGreaterThan(10);
      await expect(table.locator('th[scope="col"]').count()).resolves.toBeGreaterThan(10);
      const cohorts = await api<CohortCell[]>('/api/loyalty/cohorts');
      const first = cohorts.find((cell) => cell.offset === 0)!;
      await expect(
        page.getByTestId(`cohort-${first.cohort}-0`).textContent().then(spaced),
      ).resolves.toBe(numbers('en').format(first.participants));
      const back = cohorts.find((cell) => cell.cohort === first.cohort && cell.offset === 1)!;
      await expect(
        page.getByTestId(`cohort-${first.cohort}-1`).textContent().then(spaced),
      ).resolves.toBe(
        `${numbers('en').format(back.participants)} ${percent('en', back.participants / first.participants)}`,
      );
      // Every chart and the cohort table offer their data as CSV.
      await expect(page.getByRole('link', { name: /as CSV$/ }).count()).resolves.toBe(4);
    } finally {
      await page.close();
    }
  });

  it('groups cumulative reach by year from a link that keeps the filters', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/loyalty?lang=en&language=es`);
      await page.getByTestId('interval-year').click();
      await page.waitForURL((url) => url.searchParams.get('interval') === 'year');
      await page.waitForLoadState('networkidle');
      expect(new URL(page.url()).searchParams.get('language')).toBe('es');

      const reach = await api<CumulativeReach>('/api/reach/cumulative?interval=year&language=es');
      const last = reach.points.at(-1)!;
      const takeaway = spaced(await page.getByTestId('growth-takeaway').textContent());
      expect(takeaway).toContain(numbers('en').format(last.cumulativeParticipants));
      expect(takeaway).toContain(last.period.slice(0, 4));
      expect(await drawnCanvases(page, 3)).toBe(3);
    } finally {
      await page.close();
    }
  });

  it('follows a topic filter, then speaks Spanish', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/loyalty?lang=en`);
      await drawnCanvases(page, 3);
      const before = await tile(page, 'uniqueParticipants');

      const topics = await api<Breakdown>('/api/breakdown/topic');
      const topic = topics.rows.find((row) => row.key !== null)!.key!;
      await chooseFilter(page, 'Topic', topic);
      expect(new URL(page.url()).searchParams.get('topic')).toBe(topic);

      const figures = await api<Figures>(`/api/overview?topic=${topic}`);
      const after = await tile(page, 'uniqueParticipants');
      expect(after).toBe(numbers('en').format(figures.uniqueParticipants));
      expect(after).not.toBe(before);
      expect(await tile(page, 'newParticipants')).toBe(
        numbers('en').format(figures.newParticipants),
      );
      const distribution = await api<{ webinars: number; participants: number }[]>(
        `/api/loyalty/distribution?topic=${topic}`,
      );
      const repeat = distribution
        .filter((row) => row.webinars >= 2)
        .reduce((sum, row) => sum + row.participants, 0);
      expect(await tile(page, 'repeat')).toBe(numbers('en').format(repeat));
      expect(await drawnCanvases(page, 3)).toBe(3);

      await switchLanguage(page, 'es');
      expect(new URL(page.url()).searchParams.get('topic')).toBe(topic);
      await expect(page.locator('h1').textContent()).resolves.toBe('Fidelidad: quién vuelve');
      await expect(page.getByRole('heading', { name: /^Cohortes/ }).count()).resolves.toBe(1);
      expect(await tile(page, 'returningShare')).toBe(percent('es', figures.returningShare!));
      expect(await tile(page, 'returningShare')).toMatch(/^\d+,\d %$/);
      expect(await tile(page, 'uniqueParticipants')).toBe(
        numbers('es').format(figures.uniqueParticipants),
      );
      expect(await drawnCanvases(page, 3)).toBe(3);
    } finally {
      await page.close();
    }
  });

  it('says so when the filters match nothing, instead of drawing empty charts', async () => {
    const page = await demo.browser.newPage();
    try {
      const response = await page.goto(`${demo.server.url}/loyalty?lang=en&language=zz`);
      expect(response?.status()).toBe(200);
      await expect(page.getByTestId('loyalty-empty').textContent()).resolves.toMatch(
        /No attendance matches these filters/,
      );
      await expect(page.locator('canvas').count()).resolves.toBe(0);
    } finally {
      await page.close();
    }
  });
});
