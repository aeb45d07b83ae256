import { describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { switchLanguage } from './pages.js';

interface SurveyListItem {
  id: number;
  code: string;
  currentVersion: number;
}
interface Version {
  version: number;
  current: boolean;
  questions: Array<{ key: string; text_en: string; text_es: string }>;
}
interface Survey {
  id: number;
  current: Version;
  versions: Array<{ version: number; responses: number }>;
}

const demo = useDemo('instruments');
const { api } = demo;

const spaced = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('the instrument editor', () => {
  it('saves an edited Spanish text as version 2, and version 1 still reads the old wording', async () => {
    const list = await api<SurveyListItem[]>('/api/surveys');
    const post = list.find((s) => s.code === 'post-webinar')!;
    expect(post.currentVersion).toBe(1);
    const before = await api<Survey>(`/api/surveys/${post.id}`);
    const oldText = before.current.questions[0]!.text_es;
    const newText = '¿Cuán satisfecho/a quedó con este seminario web?';

    const page = await demo.browser.newPage();
    try {
      const url = `${demo.server.url}/surveys/instruments/${post.id}`;
      const response = await page.goto(`${url}?lang=en`, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      expect(spaced(await page.getByTestId('instrument-lead').textContent())).toContain(
        'version 1',
      );
      // The demo's responses answered version 1.
      await expect(page.getByTestId('version-1-responses').textContent()).resolves.toBe(
        new Intl.NumberFormat('en').format(before.versions[0]!.responses),
      );
      expect(before.versions[0]!.responses).toBeGreaterThan(0);

      // A problem is shown next to its field, and nothing is saved.
      await page.getByTestId('text-en-1').fill('  ');
      await page.getByTestId('save-instrument').click();
      await expect(page.getByTestId('problem-questions[1].text_en').textContent()).resolves.toMatch(
        /cannot be empty/,
      );
      expect((await api<Survey>(`/api/surveys/${post.id}`)).current.version).toBe(1);
      await page.getByRole('button', { name: 'Discard changes' }).click();

      await page.getByTestId('text-es-0').fill(newText);
      await page.getByTestId('save-instrument').click();
      await page.getByTestId('save-status').getByText('Saved as version 2.').waitFor();
      expect(spaced(await page.getByTestId('instrument-lead').textContent())).toContain(
        'version 2',
      );
      await expect(page.getByTestId('version-2').count()).resolves.toBe(1);
      await expect(page.getByTestId('problem-questions[1].text_en').count()).resolves.toBe(0);

      const after = await api<Survey>(`/api/surveys/${post.id}`);
      expect(after.current.version).toBe(2);
      expect(after.current.questions[0]!.text_es).toBe(newText);
      expect(after.current.questions[1]!.text_en).toBe(before.current.questions[1]!.text_en);

      // The older version, read-only, keeps the wording its respondents answered.
      await page.getByRole('link', { name: 'View version 1' }).click();
      await page.waitForURL(/\?version=1$/);
      await page.getByTestId('old-version').waitFor();
      await expect(
        page.getByTestId('old-question-satisfaction').getByTestId('old-text-es').textContent(),
      ).resolves.toBe(oldText);
      const v1 = await api<Version>(`/api/surveys/${post.id}/versions/1`);
      expect(v1.current).toBe(false);
      expect(v1.questions[0]!.text_es).toBe(oldText);

      // The same page in Spanish.
      await switchLanguage(page, 'es');
      await expect(
        page.getByRole('heading', { name: 'Versión 1 (solo lectura)' }).count(),
      ).resolves.toBe(1);
      await expect(
        page.getByRole('heading', { name: 'Historial de versiones' }).count(),
      ).resolves.toBe(1);
      await page.getByRole('link', { name: 'Volver a la versión actual' }).click();
      await page.getByTestId('text-es-0').waitFor();
      await expect(page.getByTestId('text-es-0').inputValue()).resolves.toBe(newText);
    } finally {
      await page.close();
    }
  });
});
