import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { drawnCanvases } from './pages.js';

interface Report {
  overview: {
    uniqueParticipants: number;
    newParticipants: number;
    webinarsHeld: number;
    attendances: number;
    registrations: number;
    countries: number;
  };
  impact: { funnel: { post: { answered: number } } };
}

const demo = useDemo('report');
const { api } = demo;

const period = 'from=2014-01-01&to=2015-01-01';
const tiles = [
  'uniqueParticipants',
  'newParticipants',
  'webinarsHeld',
  'attendances',
  'registrations',
  'countries',
] as const;

describe('the Report page', () => {
  it('shows the headline figures equal to the API’s, in English and in Spanish, with its charts', async () => {
    const report = await api<Report>(`/api/report?${period}`);
    expect(report.overview.uniqueParticipants).toBeGreaterThan(500);
    const page = await demo.browser.newPage();
    try {
      for (const lang of ['en', 'es'] as const) {
        const response = await page.goto(`${demo.server.url}/report?lang=${lang}&${period}`);
        expect(response?.status()).toBe(200);
        await expect(page.locator('h1').textContent()).resolves.toBe(
          lang === 'en' ? 'Impact report' : 'Informe de impacto',
        );
        await expect(
          page.locator('nav.main-nav a[aria-current="page"]').textContent(),
        ).resolves.toBe(lang === 'en' ? 'Report' : 'Informe');
        const format = new Intl.NumberFormat(lang);
        for (const key of tiles) {
          await expect(page.getByTestId(`report-${key}`).textContent(), key).resolves.toBe(
            format.format(report.overview[key]),
          );
        }
        await expect(page.getByTestId('funnel-answered').textContent()).resolves.toContain(
          format.format(report.impact.funnel.post.answered),
        );
        await expect(page.getByTestId('report-period').textContent()).resolves.toBe(
          lang === 'en'
            ? 'January 1, 2014 – December 31, 2014'
            : '1 de enero de 2014 – 31 de diciembre de 2014',
        );
        await expect(page.getByTestId('report-methods').textContent()).resolves.toContain(
          lang === 'en' ? 'Methods' : 'Métodos',
        );
        // Cumulative reach, sectors, regions, income groups, languages, gender, satisfaction, uses.
        expect(await drawnCanvases(page, 8)).toBe(8);
      }
    } finally {
      await page.close();
    }
  });

  it('takes its period and scope from a plain form, without JavaScript', async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${demo.server.url}/report?lang=en`);
      await page.fill('#report-from', '2015-01-01');
      await page.fill('#report-to', '2015-07-01');
      const region = 'Latin America & Caribbean';
      await page.selectOption('#report-region', region);
      await Promise.all([
        page.waitForURL(/from=2015-01-01/),
        page.click('[data-testid="report-form"] button[type="submit"]'),
      ]);
      const report = await api<Report>(
        `/api/report?from=2015-01-01&to=2015-07-01&region=${encodeURIComponent(region)}`,
      );
      await expect(page.getByTestId('report-uniqueParticipants').textContent()).resolves.toBe(
        new Intl.NumberFormat('en').format(report.overview.uniqueParticipants),
      );
      await expect(page.getByTestId('report-scope').textContent()).resolves.toBe(
        `Region ${region}`,
      );

      // A period that ends before it starts is said beside the form, not an error page.
      await page.goto(`${demo.server.url}/report?lang=en&from=2015-06-01&to=2015-01-01`);
      await expect(page.getByTestId('report-problem').textContent()).resolves.toMatch(
        /from \(2015-06-01\) must be before to \(2015-01-01\)/,
      );
    } finally {
      await context.close();
    }
  });

  it('downloads the PDF from its link, and prints without the navigation or the form', async () => {
    const context = await demo.browser.newContext({ acceptDownloads: true });
    try {
      const page = await context.newPage();
      await page.goto(`${demo.server.url}/report?lang=es&${period}`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('report-pdf').click(),
      ]);
      expect(download.suggestedFilename()).toBe('ripple-informe-impacto-2014-01-01-2014-12-31.pdf');
      const file = await readFile((await download.path())!);
      expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(file.length).toBeGreaterThan(10_000);

      await page.emulateMedia({ media: 'print' });
      // Rendered boxes, not the elements' own display: a form inside a hidden section has none.
      const rendered = await page.evaluate(() =>
        ['.site-header', '[data-testid="report-form"]', '[data-testid="report-pdf"]', 'h1'].map(
          (selector) => document.querySelector(selector)!.getClientRects().length > 0,
        ),
      );
      expect(rendered).toEqual([false, false, false, true]);
      const breaks = await page.evaluate(() =>
        [...document.querySelectorAll('.report-section')].map(
          (section) => getComputedStyle(section).breakBefore,
        ),
      );
      expect(breaks[0]).toBe('auto');
      expect(breaks.slice(1).every((value) => value === 'page')).toBe(true);
    } finally {
      await context.close();
    }
  });
});
