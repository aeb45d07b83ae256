import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { adminEnv, signedInBrowser, signIn, type SignedIn } from './session.js';

export interface Demo {
  readonly server: RunningServer;
  /** Chromium, every page signed in as the admin. */
  readonly browser: Browser;
  /** The same Chromium without a session: a survey respondent, a funder opening a share link. */
  readonly anonymousBrowser: Browser;
  /** The admin's session, for fetch (`headers`) and for browser contexts (`cookies`). */
  readonly session: SignedIn;
  /** GETs an API path from the server as the admin, expects a 200 and returns the JSON. */
  api<T>(path: string): Promise<T>;
  /** fetch against the server as the admin (cookie and CSRF token added). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * For one test file: the built server on a fresh embedded database, filled with the demo
 * programme at first start, and a Chromium; both closed and the data removed afterwards.
 */
export function useDemo(name: string): Demo {
  const dataDir = mkdtempSync(join(tmpdir(), `ripple-e2e-${name}-`));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let session: SignedIn | undefined;

  beforeAll(async () => {
    server = await startServer({
      RIPPLE_DATA_DIR: join(dataDir, 'data'),
      RIPPLE_DEMO: '1',
      DATABASE_URL: '',
      ...adminEnv,
    });
    session = await signIn(server.url);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is used before beforeAll started it`);
    return value;
  };

  // A plain function, not a method using `this`: tests take `const { api } = demo`.
  const signedInFetch = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(started(session, 'session').headers)) {
      if (!headers.has(name)) headers.set(name, value);
    }
    return fetch(`${started(server, 'server').url}${path}`, { ...init, headers });
  };

  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      const url = started(server, 'server').url;
      return signedInBrowser(started(browser, 'browser'), url, started(session, 'session'));
    },
    get anonymousBrowser() {
      return started(browser, 'browser');
    },
    get session() {
      return started(session, 'session');
    },
    async api<T>(path: string): Promise<T> {
      const response = await signedInFetch(path);
      expect(response.status, path).toBe(200);
      return (await response.json()) as T;
    },
    fetch: signedInFetch,
  };
}
