import { describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { drawnCanvases, switchLanguage } from './pages.js';

interface Impact {
  responses: { post: number; followup: number };
  recommend: { nps: number | null };
  applied: { rate: number | null };
  intentToApplied: { pairs: number };
}
interface Page<T> {
  total: number;
  items: T[];
}
interface Testimonial {
  responseId: number;
  approvedAt: string | null;
}

const demo = useDemo('impact');
const { api } = demo;

const en = new Intl.NumberFormat('en');
const es = new Intl.NumberFormat('es');

describe('the Impact page', () => {
  it('shows the demo’s survey figures, equal to the API’s, and draws its charts', async () => {
    const page = await demo.browser.newPage();
    try {
      const response = await page.goto(`${demo.server.url}/impact?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toMatch(/Impact/);
      const impact = await api<Impact>('/api/impact');
      expect(impact.responses.post).toBeGreaterThan(1000);
      await expect(page.getByTestId('impact-post-responses').textContent()).resolves.toBe(
        en.format(impact.responses.post),
      );
      await expect(page.getByTestId('impact-followup-responses').textContent()).resolves.toBe(
        en.format(impact.responses.followup),
      );
      await expect(page.getByTestId('impact-nps').textContent()).resolves.toBe(
        en.format(Math.round(impact.recommend.nps!)),
      );
      await expect(page.getByTestId('impact-intent-intro').textContent()).resolves.toContain(
        en.format(impact.intentToApplied.pairs),
      );
      // Ratings, recommend, applied, uses, intent → applied, topics.
      expect(await drawnCanvases(page, 6)).toBe(6);
    } finally {
      await page.close();
    }
  });

  it('follows the filters in the URL', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/impact?lang=en&sector=media`);
      const impact = await api<Impact>('/api/impact?sector=media');
      const all = await api<Impact>('/api/impact');
      expect(impact.responses.post).toBeLessThan(all.responses.post);
      await expect(page.getByTestId('impact-post-responses').textContent()).resolves.toBe(
        en.format(impact.responses.post),
      );
    } finally {
      await page.close();
    }
  });

  it('switches to Spanish: headings and numbers in the Spanish way', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/impact?lang=en`);
      await switchLanguage(page, 'es');
      await expect(page.locator('h1').textContent()).resolves.toBe('Impacto de los webinarios');
      const impact = await api<Impact>('/api/impact');
      await expect(page.getByTestId('impact-post-responses').textContent()).resolves.toBe(
        es.format(impact.responses.post),
      );
      await expect(page.getByTestId('impact-followup-responses').textContent()).resolves.toBe(
        es.format(impact.responses.followup),
      );
      const percent = new Intl.NumberFormat('es', { style: 'percent', maximumFractionDigits: 1 });
      await expect(page.getByTestId('impact-applied-rate').textContent()).resolves.toBe(
        percent.format(impact.applied.rate!),
      );
      await expect(page.locator('#intent-heading').textContent()).resolves.toBe(
        'De la intención a la aplicación',
      );
    } finally {
      await page.close();
    }
  });

  it('searches comments without JavaScript, accents ignored', async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${demo.server.url}/impact?lang=en&language=es`);
      await page.getByTestId('impact-comment-search').fill('informacion');
      await page.getByTestId('impact-comment-submit').click();
      await page.waitForURL((url) => url.searchParams.get('q') === 'informacion');
      // The filters rode along in the form.
      expect(new URL(page.url()).searchParams.get('language')).toBe('es');
      const found = await api<Page<{ text: string }>>(
        '/api/impact/comments?language=es&q=informacion&limit=10',
      );
      expect(found.total).toBeGreaterThan(0);
      await expect(page.getByTestId('impact-comment-count').textContent()).resolves.toContain(
        en.format(found.total),
      );
      const shown = await page.getByTestId('impact-comment').allTextContents();
      expect(shown).toEqual(found.items.map((c) => c.text));
      expect(shown.every((text) => /informaci[oó]n/i.test(text))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('approves a testimonial and withdraws the approval', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/impact?lang=en`);
      await page.waitForLoadState('networkidle');
      const pending = page
        .locator('[data-testid="impact-testimonial"]:has([data-testid="impact-approve"])')
        .first();
      const id = Number(await pending.getAttribute('data-response-id'));
      expect(id).toBeGreaterThan(0);
      const card = page.locator(`[data-testid="impact-testimonial"][data-response-id="${id}"]`);

      await card.getByTestId('impact-approve').click();
      await card.getByTestId('impact-unapprove').waitFor();
      await expect(card.getByTestId('impact-testimonial-state').textContent()).resolves.toMatch(
        /Approved on/,
      );
      const approved = await api<Page<Testimonial>>('/api/impact/testimonials?status=approved');
      expect(approved.items.map((t) => t.responseId)).toContain(id);

      // Still approved after a reload: the page shows what is stored.
      await page.reload();
      await card.getByTestId('impact-unapprove').click();
      await card.getByTestId('impact-approve').waitFor();
      const after = await api<Page<Testimonial>>('/api/impact/testimonials?status=approved');
      expect(after.items.map((t) => t.responseId)).not.toContain(id);
    } finally {
      await page.close();
    }
  });
});

describe('survey results on a webinar’s page', () => {
  it('shows the webinar’s responses and rates from the impact API', async () => {
    const webinars = await api<Page<{ id: number; status: string }>>('/api/webinars?limit=5');
    const held = webinars.items.find((w) => w.status === 'held')!;
    const impact = await api<Impact & { funnel: { post: { rate: number | null } } }>(
      `/api/impact?webinar=${held.id}`,
    );
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/webinars/${held.id}?lang=en`);
      const section = page.getByTestId('webinar-surveys');
      await expect(section.getByRole('heading').first().textContent()).resolves.toBe(
        'Survey results',
      );
      if (impact.responses.post + impact.responses.followup === 0) {
        await expect(page.getByTestId('webinar-surveys-none').count()).resolves.toBe(1);
      } else {
        await expect(page.getByTestId('webinar-survey-post-responses').textContent()).resolves.toBe(
          en.format(impact.responses.post),
        );
        await expect(
          page.getByTestId('webinar-survey-followup-responses').textContent(),
        ).resolves.toBe(en.format(impact.responses.followup));
      }
    } finally {
      await page.close();
    }
  });
});
