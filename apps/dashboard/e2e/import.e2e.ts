import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/zoom-webinar-attendee-2025.csv', import.meta.url),
);
const fixture = process.env.RIPPLE_IMPORT_FIXTURE ?? FIXTURE;

const dataDir = mkdtempSync(join(tmpdir(), 'ripple-e2e-import-'));
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({
    RIPPLE_DATA_DIR: join(dataDir, 'data'),
    RIPPLE_DEMO: '1',
    DATABASE_URL: '',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the Import page', () => {
  it('previews a Zoom export, imports it and lists it in the history', async () => {
    const page = await browser.newPage({ locale: 'en-US', timezoneId: 'America/New_York' });
    try {
      const response = await page.goto(`${server.url}/import?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toMatch(/Import/);

      await page.waitForSelector('#import-files:enabled');
      await page.setInputFiles('#import-files', fixture);
      await page.fill('#import-zone', 'America/New_York');
      await page.getByRole('button', { name: 'Preview', exact: true }).click();

      const summary = page.getByTestId('summary');
      await summary.waitFor();
      const previewText = await summary.innerText();
      expect(previewText).toContain('zoom-webinar-attendee-2025.csv');
      expect(previewText).toContain('Ready to import');
      expect(previewText).toContain('Creates a new webinar:');
      expect(previewText).toContain('Open Budgets: Citizen Participation in Fiscal Policy');
      // 7 PM on the clocks of New York, as the file says.
      expect(previewText).toMatch(/Mar 22, 2025, 7:00\sPM \(America\/New_York\)/);
      // Nothing was imported by the preview.
      const history = await (await fetch(`${server.url}/api/imports`)).json();
      expect(history).toMatchObject({ total: 0 });

      await page.getByRole('button', { name: 'Confirm import' }).click();
      const result = page.getByTestId('result');
      await result.waitFor();
      expect(await result.innerText()).toMatch(/Imported\./);

      const row = page.getByTestId('history').locator('tbody tr').first();
      await row.waitFor();
      const cells = await row.locator('td').allInnerTexts();
      expect(cells[0]).toBe('zoom-webinar-attendee-2025.csv');
      expect(cells[1]).toBe('zoom-webinar-attendee');
      expect(cells[2]).toBe('Open Budgets: Citizen Participation in Fiscal Policy');
      expect(cells[3]).toBe('Imported');
      expect(cells[4]).toBe('3');
      await expect(row.getByRole('button', { name: /Undo/ }).count()).resolves.toBe(1);
    } finally {
      await page.close();
    }
  });
});
