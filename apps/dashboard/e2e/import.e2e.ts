import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';

const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/zoom-webinar-attendee-2025.csv', import.meta.url),
);
const fixture = process.env.RIPPLE_IMPORT_FIXTURE ?? FIXTURE;

const demo = useDemo('import');

describe('the Import page', () => {
  it('previews a Zoom export, imports it and lists it in the history', async () => {
    const page = await demo.browser.newPage({ locale: 'en-US', timezoneId: 'America/New_York' });
    try {
      const response = await page.goto(`${demo.server.url}/import?lang=en`);
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
      const history = await (await demo.fetch('/api/imports')).json();
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

  it('says in the history why a failed import failed', async () => {
    // A file no platform wrote: the API refuses it, records the attempt as failed, and why.
    const form = new FormData();
    form.append('file', new Blob(['just,some\nwords,here\n'], { type: 'text/csv' }), 'notes.csv');
    const answer = await demo.fetch('/api/imports?timeZone=UTC', { method: 'POST', body: form });
    const body = (await answer.json()) as { imports?: { status: string }[] };
    expect(body.imports?.[0]?.status).toBe('failed');
    const history = (await (await demo.fetch('/api/imports')).json()) as {
      items: { fileName: string; errorReport: { message?: string } | null }[];
    };
    const record = history.items.find((item) => item.fileName === 'notes.csv');
    expect(record?.errorReport?.message).toBeTruthy();

    const page = await demo.browser.newPage({ locale: 'en-US' });
    try {
      await page.goto(`${demo.server.url}/import?lang=en`);
      const row = page.getByTestId('history').locator('tbody tr', { hasText: 'notes.csv' });
      await row.waitFor();
      expect(await row.locator('td').nth(3).innerText()).toContain('Failed');
      expect(await row.getByTestId('history-reason').innerText()).toBe(
        record!.errorReport!.message,
      );
    } finally {
      await page.close();
    }
  });

  it('shows what a file holds as text, never as markup', async () => {
    // A hostile export: markup in the title, a name, a country and an unreadable date.
    const dir = mkdtempSync(join(tmpdir(), 'ripple-e2e-hostile-'));
    const hostile = join(dir, 'hostile.csv');
    writeFileSync(
      hostile,
      'Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n' +
        '"<img src=x id=pwned-title onerror=""window.pwned=1"">",90011122233,H (h@example.org),30,"01/10/2024 10:00:00 AM","01/10/2024 10:30:00 AM",1\n\n' +
        'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\n' +
        '"<script>window.pwned=2</script>",x@example.org,<b id=pwned-cell>soon</b>,01/10/2024 10:29:00 AM,28,Yes\n',
    );
    const page = await demo.browser.newPage({ locale: 'en-US' });
    try {
      await page.goto(`${demo.server.url}/import?lang=en`);
      await page.waitForSelector('#import-files:enabled');
      await page.setInputFiles('#import-files', hostile);
      await page.fill('#import-zone', 'UTC');
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      const summary = page.getByTestId('summary');
      await summary.waitFor();
      const text = await summary.innerText();
      expect(text).toContain('<img src=x id=pwned-title');
      expect(text).toContain('<b id=pwned-cell>soon</b>');
      expect(await page.locator('#pwned-title, #pwned-cell').count()).toBe(0);
      expect(
        await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
      ).toBeUndefined();
    } finally {
      await page.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
