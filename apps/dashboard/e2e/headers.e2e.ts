import type { BrowserContext, Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDemo } from './demo.js';
import { drawnCanvases } from './pages.js';

// The dashboard's pages under their Content Security Policy: the header carries a fresh nonce
// that SvelteKit's inline start-up script bears, the directives the issue asks for, and in
// Chromium no page (charts, maps, bars drawn with style attributes, the survey form, the API
// docs) trips the policy.

const demo = useDemo('headers');

/** A CSP header as a map of directive → sources. */
function directives(header: string | null): Map<string, string[]> {
  expect(header).toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** The nonce in a CSP's script-src. */
const nonceOf = (csp: Map<string, string[]>) =>
  /^'nonce-(.+)'$/.exec(csp.get('script-src')?.find((s) => s.startsWith("'nonce-")) ?? '')?.[1];

describe('the CSP header of a rendered page', () => {
  it('has the directives and a fresh nonce that the page’s inline script carries', async () => {
    const first = await demo.fetch('/reach?lang=en');
    expect(first.status).toBe(200);
    const csp = directives(first.headers.get('content-security-policy'));
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('style-src')).not.toContain("'unsafe-inline'");

    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{16,}={0,2}$/);
    const html = await first.text();
    // Every script the browser would run inline bears the nonce; JSON data blocks do not run.
    const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)]
      .map((m) => m[1]!)
      .filter((attributes) => !/type="application\/json"/.test(attributes));
    expect(inline.length).toBeGreaterThan(0);
    for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);

    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('referrer-policy')).toBe('same-origin');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('strict-transport-security')).toBeNull();

    const second = await demo.fetch('/reach?lang=en');
    const again = nonceOf(directives(second.headers.get('content-security-policy')));
    expect(again).toBeDefined();
    expect(again).not.toBe(nonce);
  });

  it('says HSTS when a proxy on this machine says the request came over HTTPS', async () => {
    const res = await demo.fetch('/?lang=en', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toMatch(
      /^max-age=\d+; includeSubDomains$/,
    );
  });

  it('puts nosniff and a nothing-allowed CSP on built assets, which no hook sees', async () => {
    const html = await (await demo.fetch('/?lang=en')).text();
    const asset = /\/_app\/immutable\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const res = await fetch(`${demo.server.url}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(directives(res.headers.get('content-security-policy')).get('default-src')).toEqual([
      "'none'",
    ]);
    // Immutable assets keep their long cache: they hold no data.
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
  });
});

describe('pages in Chromium under the policy', () => {
  const contexts: BrowserContext[] = [];
  let page: Page; // signed in as the admin
  let visitor: Page; // no session: a respondent, someone signing in
  const consoleErrors: string[] = [];

  /** A page that records every CSP violation (through DevTools: the policy cannot stop it). */
  async function watchedPage(context: BrowserContext): Promise<Page> {
    contexts.push(context);
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => {
        seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile})`);
      });
    });
    const opened = await context.newPage();
    opened.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) consoleErrors.push(message.text());
    });
    return opened;
  }

  beforeAll(async () => {
    page = await watchedPage(await demo.browser.newContext());
    visitor = await watchedPage(await demo.anonymousBrowser.newContext());
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  /** Opens `path`, lets it settle, and returns what the policy blocked there. */
  async function visit(path: string, on: Page = page): Promise<string[]> {
    consoleErrors.length = 0;
    const response = await on.goto(`${demo.server.url}${path}`, { waitUntil: 'networkidle' });
    expect(response?.status(), path).toBe(200);
    const blocked = await on.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    return [...blocked, ...consoleErrors].map((b) => `${path}: ${b}`);
  }

  it('blocks nothing on any dashboard page, and the charts draw', async () => {
    const webinars = await demo.api<{ items: { id: number; status: string }[] }>(
      '/api/webinars?limit=10',
    );
    const held = webinars.items.find((w) => w.status === 'held')!;
    const surveys = await demo.api<{ id: number }[]>('/api/surveys');
    const blocked: string[] = [];
    for (const path of [
      '/?lang=en',
      '/reach?lang=en',
      '/audiences?lang=es',
      '/topics?lang=en',
      '/loyalty?lang=en',
      '/webinars?lang=en',
      '/import?lang=en',
      '/surveys?lang=en',
      '/surveys/import?lang=en',
      `/surveys/instruments/${surveys[0]!.id}?lang=en`,
      '/impact?lang=en',
    ]) {
      blocked.push(...(await visit(path)));
      if (path.startsWith('/reach')) {
        // The world map and the charts: Chart.js sizes its canvases through their style.
        expect(await drawnCanvases(page, 2)).toBeGreaterThanOrEqual(2);
      }
    }
    // One webinar: its funnel bars are widths in style attributes, rendered on the server.
    blocked.push(...(await visit(`/webinars/${held.id}?lang=en`)));
    const widths = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.bar')].map((bar) => bar.offsetWidth),
    );
    expect(widths.length).toBeGreaterThan(0);
    expect(widths.some((w) => w > 0)).toBe(true);
    expect(await drawnCanvases(page, 1)).toBeGreaterThanOrEqual(1);
    expect(blocked).toEqual([]);
  });

  it('blocks nothing on a survey form, which keeps its own referrer policy', async () => {
    const webinars = await demo.api<{ items: { id: number; status: string }[] }>(
      '/api/webinars?limit=10',
    );
    const held = webinars.items.find((w) => w.status === 'held')!;
    const csv = await (
      await demo.fetch(`/api/invitations.csv?webinar=${held.id}&wave=post`)
    ).text();
    const links = parse(csv, { columns: true, bom: true }) as { link: string; status: string }[];
    const open = links.find((l) => l.status !== 'answered') ?? links[0]!;
    const path = new URL(open.link).pathname;
    const res = await fetch(`${demo.server.url}${path}`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(nonceOf(directives(res.headers.get('content-security-policy')))).toBeDefined();
    expect(await visit(path, visitor)).toEqual([]);
  });

  it('blocks nothing on the sign-in page, whose form posts to its own origin', async () => {
    expect(await visit('/sign-in?lang=en', visitor)).toEqual([]);
    expect(await visitor.locator('form').count()).toBeGreaterThan(0);
  });

  it('runs the API documentation under its own policy', async () => {
    const blocked = await visit('/api/docs/', visitor);
    await visitor.locator('.opblock').first().waitFor();
    expect(await visitor.locator('.opblock').count()).toBeGreaterThan(20);
    const more = await visitor.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect([...blocked, ...more, ...consoleErrors]).toEqual([]);
  });
});
