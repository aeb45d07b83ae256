import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawnCanvases, switchLanguage } from './pages.js';
import { useDemo } from './demo.js';

interface Wave {
  webinarId: number;
  webinarTitle: string;
  wave: 'post' | 'followup';
  attendees: number;
  invited: number;
  answered: number;
  status: string;
}

const demo = useDemo('surveys');
const { api } = demo;
const en = new Intl.NumberFormat('en');

describe('the Surveys page', () => {
  it('lists every wave of the demo as the API counts it, with the response-rate chart', async () => {
    const page = await demo.browser.newPage();
    try {
      const response = await page.goto(`${demo.server.url}/surveys?lang=en`);
      expect(response?.status()).toBe(200);
      const { items } = await api<{ items: Wave[] }>('/api/surveys/waves');
      expect(items.length).toBeGreaterThan(0);
      await expect(page.locator('[data-testid="waves"] tbody tr').count()).resolves.toBe(
        items.length,
      );
      for (const wave of items) {
        const row = page.getByTestId(`wave-${wave.webinarId}-${wave.wave}`);
        await expect(row.getByTestId('invited').textContent()).resolves.toBe(
          en.format(wave.invited),
        );
        await expect(row.getByTestId('answered').textContent()).resolves.toBe(
          en.format(wave.answered),
        );
        await expect(row.locator('[data-status]').getAttribute('data-status')).resolves.toBe(
          wave.status,
        );
      }
      expect(await drawnCanvases(page, 1)).toBe(1);

      // No SMTP in the demo: sending is off, and the page says why.
      const { mailConfigured } = await api<{ mailConfigured: boolean }>('/api/surveys/summary');
      expect(mailConfigured).toBe(false);
      await expect(page.getByTestId('send-invitations').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('send-reminders').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('mail-state').textContent()).resolves.toContain(
        'Email is not configured',
      );
      await expect(page.locator('[data-testid="instruments"] tbody tr').count()).resolves.toBe(2);

      await switchLanguage(page, 'es');
      await expect(page.getByRole('heading', { name: 'Olas', exact: true }).count()).resolves.toBe(
        1,
      );
    } finally {
      await page.close();
    }
  });

  it('creates the follow-up invitations of a webinar and downloads them as CSV', async () => {
    const page = await demo.browser.newPage();
    try {
      await page.goto(`${demo.server.url}/surveys?lang=en`);
      const { items } = await api<{ items: Wave[] }>('/api/surveys/waves');
      // The demo invites only post-webinar respondents to the follow-up: the rest are new.
      const target = items.find((w) => w.wave === 'followup' && w.invited < w.attendees)!;
      expect(target).toBeDefined();
      await page.getByTestId('action-webinar').selectOption(String(target.webinarId));
      await page.getByTestId('action-wave').selectOption('followup');
      await page.getByTestId('create-invitations').click();
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="action-result"]')?.textContent?.includes('created'),
      );
      const text = await page.getByTestId('action-result').textContent();
      // Creating a wave is idempotent, so the message's two counts always add up to the
      // attendees. Which way they split is not fixed: one CI run read "0 created, 203 already
      // existed" where the list had said 70 a moment before, as if the same POST had reached the
      // server twice (Chromium can resend a request on a reused connection that fails before any
      // response header). Not reproduced in local runs; the API tests check the exact counts.
      const counts =
        /^([\d,]+) invitations created, ([\d,]+) already existed \(([\d,]+) attendees\)\.$/.exec(
          text ?? '',
        );
      expect(counts, text ?? '').not.toBeNull();
      const [created, existing, attendees] = counts!
        .slice(1)
        .map((n) => Number(n.replace(/,/g, '')));
      expect(attendees).toBe(target.attendees);
      expect(created! + existing!).toBe(target.attendees);
      expect(existing).toBeGreaterThanOrEqual(target.invited);
      const row = page.getByTestId(`wave-${target.webinarId}-followup`);
      await page.waitForFunction(
        ([id, n]) =>
          document.querySelector(`[data-testid="wave-${id}-followup"] [data-testid="invited"]`)
            ?.textContent === n,
        [target.webinarId, en.format(target.attendees)] as const,
      );
      await expect(row.getByTestId('invited').textContent()).resolves.toBe(
        en.format(target.attendees),
      );

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('download-csv').click(),
      ]);
      expect(download.suggestedFilename()).toBe(
        `invitations-webinar-${target.webinarId}-followup.csv`,
      );
      const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.split('\r\n').filter((line) => line !== '');
      expect(lines[0]).toContain(',link,');
      expect(lines).toHaveLength(target.attendees + 1);
      expect(lines[1]).toMatch(new RegExp(`${demo.server.url.replace(/[.:/]/g, '\\$&')}/s/`));
    } finally {
      await page.close();
    }
  });
});
