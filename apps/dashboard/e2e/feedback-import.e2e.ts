import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';

const FIXTURE = fileURLToPath(
  new URL('../../api/test/fixtures/feedback/google-forms-en.csv', import.meta.url),
);

const demo = useDemo('feedback-import');

describe('the past-feedback import page', () => {
  it('reads a Google Forms export, suggests the mapping, imports it once', async () => {
    const page = await demo.browser.newPage({ locale: 'en-US' });
    try {
      const response = await page.goto(`${demo.server.url}/surveys/import?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toMatch(/Import past feedback/);

      await page.waitForSelector('#feedback-file:enabled');
      await page.setInputFiles('#feedback-file', FIXTURE);
      await page.selectOption('#feedback-webinar', { index: 1 });
      await page.selectOption('#feedback-wave', 'post');
      await page.getByRole('button', { name: 'Read the file' }).click();

      const detected = page.getByTestId('feedback-detected');
      await detected.waitFor();
      expect(await detected.innerText()).toContain('Detected: Google Forms, 3 rows.');
      const mapping = page.getByTestId('feedback-mapping');
      await expect(
        mapping
          .getByLabel('Overall, how satisfied are you with this webinar?', { exact: true })
          .inputValue(),
      ).resolves.toBe('satisfaction');
      await expect(mapping.getByLabel('Timestamp', { exact: true }).inputValue()).resolves.toBe('');
      await expect(page.locator('#feedback-email').inputValue()).resolves.toBe('Email address');
      // Leave the comments out: the manager's choice wins over the suggestion.
      await mapping.getByLabel('Any comments on the webinar?', { exact: true }).selectOption('');

      await page.getByRole('button', { name: 'Import answers' }).click();
      const result = page.getByTestId('feedback-result');
      await result.waitFor();
      expect(await result.innerText()).toContain(
        'Imported: 3 responses stored, 0 already imported earlier',
      );

      await page.getByRole('button', { name: 'Import answers' }).click();
      await page.getByText('0 responses stored, 3 already imported earlier').waitFor();
    } finally {
      await page.close();
    }
  });

  it('lists every problem by row and column, in Spanish, and imports nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ripple-feedback-e2e-'));
    const path = join(dir, 'malo.csv');
    writeFileSync(
      path,
      'Marca temporal,Dirección de correo electrónico,"En general, ¿qué tan satisfecho/a está con este seminario web?"\n' +
        '22/03/2025 10:00:00,,muy\n23/03/2025 10:00:00,,<b>9</b>\n',
    );
    const page = await demo.browser.newPage({ locale: 'es-ES' });
    try {
      await page.goto(`${demo.server.url}/surveys/import?lang=es`);
      await page.waitForSelector('#feedback-file:enabled');
      await page.setInputFiles('#feedback-file', path);
      await page.selectOption('#feedback-webinar', { index: 2 });
      await page.getByRole('button', { name: 'Leer el archivo' }).click();
      await page.getByTestId('feedback-detected').waitFor();
      await page.getByRole('button', { name: 'Importar respuestas' }).click();
      const errors = page.getByTestId('feedback-errors');
      await errors.waitFor();
      expect(await errors.locator('h2').innerText()).toContain('No se importó nada: 2 problemas');
      const rows = await errors.locator('tbody tr').allInnerTexts();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain('2');
      expect(rows[0]).toContain("'muy' is not a rating from 1 to 5");
      // Cell text is shown as text, never as markup.
      expect(rows[1]).toContain('<b>9</b>');
      await expect(errors.locator('b').count()).resolves.toBe(0);
    } finally {
      await page.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
