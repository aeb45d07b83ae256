import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from './browser.js';
import { startServer, type RunningServer } from './server.js';

export interface Demo {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** GETs an API path from the server, expects a 200 and returns the JSON. */
  api<T>(path: string): Promise<T>;
}

/**
 * For one test file: the built server on a fresh embedded database, filled with the demo
 * programme at first start, and a Chromium; both closed and the data removed afterwards.
 */
export function useDemo(name: string): Demo {
  const dataDir = mkdtempSync(join(tmpdir(), `ripple-e2e-${name}-`));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

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

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is used before beforeAll started it`);
    return value;
  };

  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    async api<T>(path: string): Promise<T> {
      const response = await fetch(`${started(server, 'server').url}${path}`);
      expect(response.status, path).toBe(200);
      return (await response.json()) as T;
    },
  };
}
