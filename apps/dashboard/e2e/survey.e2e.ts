import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { holdHydration } from './pages.js';

// A respondent answers in Spanish on a phone, once without JavaScript and once with it; then a
// manager sees both answers counted on the Impact page. Links come from the invitation export,
// as a manager's mail merge would take them.

const demo = useDemo('survey');
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface Invitation {
  link: string;
  language: string;
  status: string;
  wave: string;
}
interface WebinarList {
  items: { id: number; title: string; status: string; startsAt: string }[];
}

let latest: WebinarList['items'][number];
let oldest: WebinarList['items'][number];
const contexts: BrowserContext[] = [];

/** The invitations of a webinar and wave, from the CSV export. */
async function invitations(webinarId: number, wave: 'post' | 'followup'): Promise<Invitation[]> {
  const response = await demo.fetch(`/api/invitations.csv?webinar=${webinarId}&wave=${wave}`);
  expect(response.status).toBe(200);
  return parse(await response.text(), { columns: true, bom: true }) as Invitation[];
}

/** A phone-sized page, with or without JavaScript. */
async function phone(javaScriptEnabled: boolean): Promise<Page> {
  // Respondents have no account: the form is opened without a session.
  const context = await demo.anonymousBrowser.newContext({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled,
    locale: 'en-GB', // the link's language wins over the browser's
  });
  contexts.push(context);
  return context.newPage();
}

/** The path of a personal link, whatever base URL the export wrote into it. */
const pathOf = (link: string) => new URL(link).pathname;

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through DevTools, not as an inline <script>, which the pages' CSP refuses.
  await page.evaluate(axeSource);
  const ids = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: { id: string; nodes: { target: string[] }[] }[] };
    return result.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
  return ids;
}

/** The Impact page's count of post-webinar responses for one webinar, as a number. */
async function impactCount(webinarId: number): Promise<number> {
  const page = await demo.browser.newPage();
  try {
    await page.goto(`${demo.server.url}/impact?webinar=${webinarId}&lang=es`);
    const text = await page.getByTestId('impact-post-responses').textContent();
    // Spanish groups thousands with a dot (or a space): keep the digits.
    return Number((text ?? '').replace(/\D/g, ''));
  } finally {
    await page.close();
  }
}

beforeAll(async () => {
  const list = await demo.api<WebinarList>('/api/webinars?limit=500');
  const held = list.items.filter((w) => w.status === 'held');
  held.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  latest = held.at(-1)!;
  oldest = held[0]!;
});

afterAll(async () => {
  for (const context of contexts) await context.close();
});

describe('the survey form', () => {
  let before = 0;
  let spanish: Invitation[] = [];

  beforeAll(async () => {
    spanish = (await invitations(latest.id, 'post')).filter(
      (i) => i.status === 'open' && i.language === 'es',
    );
    expect(spanish.length).toBeGreaterThanOrEqual(3);
    before = await impactCount(latest.id);
  });

  it('is answered in Spanish without JavaScript: errors beside the question, answers kept', async () => {
    const page = await phone(false);
    const response = await page.goto(`${demo.server.url}${pathOf(spanish[0]!.link)}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    expect(response?.headers()['cache-control']).toBe('no-store');
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.textContent('h1')).toBe('Su opinión sobre el seminario web');

    // Intended use and its "other", but no satisfaction (required), and consent without a name.
    await page.getByLabel('Compartirlo con colegas').check();
    await page.getByLabel('Otro', { exact: true }).check();
    await page.getByLabel('Indique cuál').fill('Un taller para la red');
    await page
      .getByLabel('¿Tiene algún comentario sobre el seminario web?')
      .fill('Muy útil, gracias');
    await page.getByLabel('Sí', { exact: true }).check();
    await page.click('button[type=submit]');
    await page.waitForLoadState('load');

    await expect
      .poll(() => page.textContent('.error-summary h2'))
      .toBe('Algunas respuestas necesitan su atención');
    const satisfaction = page.locator('fieldset.question').first();
    expect(await satisfaction.locator('.field-error').textContent()).toBe(
      'Esta pregunta necesita una respuesta.',
    );
    expect(await page.locator('#quote_name-error').textContent()).toContain(
      'Aceptó que le citemos',
    );
    // What was answered is still there.
    expect(await page.getByLabel('Compartirlo con colegas').isChecked()).toBe(true);
    expect(await page.getByLabel('Indique cuál').inputValue()).toBe('Un taller para la red');
    expect(
      await page.getByLabel('¿Tiene algún comentario sobre el seminario web?').inputValue(),
    ).toBe('Muy útil, gracias');

    await satisfaction.getByLabel('5', { exact: true }).check();
    await page.getByLabel('Nombre con el que podemos citarle').fill('Ana P.');
    await page.getByLabel('País').selectOption('MX');
    await page.click('button[type=submit]');
    await page.waitForLoadState('load');
    expect(await page.textContent('.thanks h2')).toBe('Gracias');

    // Reloading posts the same answers again: the same thank-you, not an error.
    await page.reload();
    expect(await page.textContent('.thanks p')).toBe(
      'Sus respuestas quedaron registradas. Puede cerrar esta página.',
    );
    // Opening the link again: answered, and nothing to fill in.
    await page.goto(`${demo.server.url}${pathOf(spanish[0]!.link)}`);
    expect(await page.textContent('.thanks p')).toContain('ya se respondió');
    expect(await page.locator('form').count()).toBe(0);
  });

  it('is answered in Spanish with JavaScript, accessible before and after an error', async () => {
    const page = await phone(true);
    await page.goto(`${demo.server.url}${pathOf(spanish[1]!.link)}`);
    await page.waitForFunction(() => document.querySelector('form') !== null);
    expect(await axeViolations(page)).toEqual([]);

    // How to quote appears only once consent is given, with JavaScript.
    expect(await page.locator('#quote_name').count()).toBe(0);
    await page.getByLabel('Sí', { exact: true }).check();
    await expect.poll(() => page.locator('#quote_name').count()).toBe(1);

    await page.click('button[type=submit]');
    // No reload: the summary takes the focus so a screen reader hears what to fix.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // The summary's link leads to the question.
    await page.locator('.error-summary a').first().click();
    expect(page.url()).toMatch(/#q\d+$/);

    await page.locator('fieldset.question').first().getByLabel('4', { exact: true }).check();
    await page.getByLabel('Nombre con el que podemos citarle').fill('Luis G.');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('.thanks h2').catch(() => null)).toBe('Gracias');
  });

  it("keeps what was answered before the page's scripts arrived, as on a slow phone", async () => {
    const page = await phone(true);
    const path = pathOf(spanish[2]!.link);
    const release = await holdHydration(page, path);
    await page.goto(`${demo.server.url}${path}`);

    // Answered from the HTML alone: hydration would once have set every field back to empty.
    const satisfaction = page.locator('fieldset.question').first();
    const comment = page.getByLabel('¿Tiene algún comentario sobre el seminario web?');
    await satisfaction.getByLabel('5', { exact: true }).check();
    await page.getByLabel('Compartirlo con colegas').check();
    await comment.fill('Lo escribí antes de que cargara la página');
    await page.getByLabel('Sí', { exact: true }).check();
    await page.getByLabel('Nombre con el que podemos citarle').fill('Eva R.');
    await page.getByLabel('País').selectOption('CL');
    // Held back: nothing above ran through the page's scripts.
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-hydrated'))).toBe(
      false,
    );

    await release();
    expect(await satisfaction.getByLabel('5', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Compartirlo con colegas').isChecked()).toBe(true);
    expect(await comment.inputValue()).toBe('Lo escribí antes de que cargara la página');
    // Consent was given before the scripts ran: how to quote stays, with what was typed in it.
    expect(await page.getByLabel('Nombre con el que podemos citarle').inputValue()).toBe('Eva R.');
    expect(await page.getByLabel('País').inputValue()).toBe('CL');

    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('.thanks h2').catch(() => null)).toBe('Gracias');
  });

  it('counts the three answers on the Impact page', async () => {
    expect(await impactCount(latest.id)).toBe(before + 3);
  });

  it('switches language without losing the link, and remembers the plan at follow-up', async () => {
    const followups = (await invitations(latest.id, 'followup')).filter((i) => i.status === 'open');
    // Someone who said after the webinar how they planned to use it (some left that blank).
    let planner: Invitation | undefined;
    for (const invitation of followups) {
      const form = await demo.api<{ planned: unknown }>(
        `/api${pathOf(invitation.link).replace('/s/', '/responses/')}`,
      );
      if (form.planned) {
        planner = invitation;
        break;
      }
    }
    expect(planner).toBeDefined();
    const page = await phone(true);
    await page.goto(`${demo.server.url}${pathOf(planner!.link)}?lang=en`);
    expect(await page.textContent('h1')).toBe('Following up: did the webinar help?');
    expect(await page.textContent('.planned h2')).toBe('What you planned');
    expect(await page.locator('.planned li').count()).toBeGreaterThan(0);
    await page.click('a[hreflang=es]');
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    expect(await page.textContent('h1')).toBe('Seguimiento: ¿le sirvió el seminario web?');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('says plainly when a link has expired or does not exist', async () => {
    const expired = (await invitations(oldest.id, 'post')).find((i) => i.status === 'expired');
    const page = await phone(false);
    const gone = await page.goto(`${demo.server.url}${pathOf(expired!.link)}`);
    expect(gone?.status()).toBe(410);
    expect(await page.textContent('h1')).toMatch(
      /This survey has closed|Esta encuesta está cerrada/,
    );

    const unknown = await page.goto(`${demo.server.url}/s/AAAAAAAAAAAAAAAAAAAAAA?lang=es`);
    expect(unknown?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Este enlace de la encuesta no es válido');
  });
});
