import { beforeAll, describe, expect, it } from 'vitest';
import { drawnCanvases, switchLanguage } from './pages.js';
import { useDemo } from './demo.js';

interface Figures {
  registrations: number;
  attendances: number;
  attendanceRate: number | null;
  averageMinutes: number | null;
  countries: number;
}
interface WebinarList {
  total: number;
  items: { id: number; title: string; status: string; registered: number; attended: number }[];
}
interface NewReturning {
  webinarId: number;
  attendees: number;
  new: number;
  returning: number;
}

const demo = useDemo('webinar');
const { api } = demo;
let held: WebinarList['items'][number];

const numbers = (lang: string) => new Intl.NumberFormat(lang);
// Chromium and Node may space a percent differently (narrow or plain no-break space).
const spaced = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const percent = (lang: string, ratio: number) =>
  spaced(new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(ratio));

beforeAll(async () => {
  const list = await api<WebinarList>('/api/webinars?limit=10');
  held = list.items.find((w) => w.status === 'held' && w.attended > 0)!;
});

describe('a webinar’s page', () => {
  it('shows the funnel, new and returning, countries and sectors from the API', async () => {
    const page = await demo.browser.newPage();
    try {
      const response = await page.goto(`${demo.server.url}/webinars/${held.id}?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1').textContent()).resolves.toBe(held.title);

      const figures = await api<Figures>(`/api/overview?webinar=${held.id}`);
      const en = numbers('en');
      await expect(page.getByTestId('funnel-registered').textContent()).resolves.toBe(
        en.format(figures.registrations),
      );
      await expect(page.getByTestId('funnel-attended').textContent()).resolves.toBe(
        en.format(figures.attendances),
      );
      expect(spaced(await page.getByTestId('funnel-summary').textContent())).toContain(
        percent('en', figures.attendanceRate!),
      );
      expect(spaced(await page.getByTestId('average-minutes').textContent())).toBe(
        `${en.format(figures.averageMinutes!)} min`,
      );

      const [row] = await api<NewReturning[]>(`/api/loyalty/new-returning?webinar=${held.id}`);
      await expect(page.getByTestId('webinar-new').textContent()).resolves.toBe(
        en.format(row!.new),
      );
      await expect(page.getByTestId('webinar-returning').textContent()).resolves.toBe(
        en.format(row!.returning),
      );
      expect(spaced(await page.getByTestId('countries-takeaway').textContent())).toContain(
        `from ${en.format(figures.countries)} countries`,
      );

      // Countries and sectors are drawn; the edit forms are still there below.
      expect(await drawnCanvases(page, 2)).toBe(2);
      await expect(page.getByRole('button', { name: 'Save details' }).count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Save speakers' }).count()).resolves.toBe(1);

      await switchLanguage(page, 'es');
      await expect(
        page.getByRole('heading', { name: 'Asistencia y audiencia' }).count(),
      ).resolves.toBe(1);
      await expect(
        page.getByRole('heading', { name: 'De la inscripción a la asistencia' }).count(),
      ).resolves.toBe(1);
      expect(spaced(await page.getByTestId('funnel-summary').textContent())).toContain(
        percent('es', figures.attendanceRate!),
      );
      expect(spaced(await page.getByTestId('average-minutes').textContent())).toMatch(
        /^\d+,\d min$/,
      );
      await expect(page.getByTestId('funnel-registered').textContent()).resolves.toBe(
        numbers('es').format(figures.registrations),
      );
      expect(await drawnCanvases(page, 2)).toBe(2);
    } finally {
      await page.close();
    }
  });

  it('says a new, planned webinar has no attendance yet instead of drawing empty charts', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/webinars?lang=en`);
      await page.getByText('New webinar', { exact: true }).click();
      await page.getByLabel('Title', { exact: true }).fill('Planned peer exchange on open budgets');
      await page.getByLabel('Start (local time)').fill('2031-05-01T14:00');
      await page.getByRole('button', { name: 'Create webinar' }).click();
      await page.waitForURL(/\/webinars\/\d+$/);
      await page.waitForLoadState('networkidle');

      await expect(page.getByTestId('stats-empty').textContent()).resolves.toMatch(
        /has not been held yet/,
      );
      await expect(page.locator('canvas').count()).resolves.toBe(0);
      await expect(page.getByTestId('funnel-registered').count()).resolves.toBe(0);
    } finally {
      await page.close();
    }
  });
});

describe('the Webinars list', () => {
  it('shows each webinar’s attendance and the programme’s figures', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/webinars?lang=en`);
      const list = await api<WebinarList>('/api/webinars?limit=25');
      for (const webinar of list.items.filter((w) => w.registered > 0).slice(0, 5)) {
        expect(spaced(await page.getByTestId(`rate-${webinar.id}`).textContent())).toBe(
          percent('en', webinar.attended / webinar.registered),
        );
      }
      const programme = await api<Figures>('/api/overview');
      await expect(page.getByTestId('programme-registrations').textContent()).resolves.toMatch(
        numbers('en').format(programme.registrations),
      );
      expect(spaced(await page.getByTestId('programme-attendanceRate').textContent())).toBe(
        percent('en', programme.attendanceRate!),
      );
    } finally {
      await page.close();
    }
  });
});
