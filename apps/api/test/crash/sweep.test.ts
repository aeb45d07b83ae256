import { startImport, type ImportRecordFields } from '@ripple/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers.js';

// The import history tells a dead import from a live one by its lock, not only at start-up:
// a record left 'running' by a process that died while this one kept serving (another server
// on the same PostgreSQL, or a connection whose statement outlived its killed client) shows
// failed as soon as the history is read; an import in progress, holding its lock, does not.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

const fields: ImportRecordFields = {
  fileName: 'live.csv',
  contentHash: 'f'.repeat(64),
  format: null,
  platform: null,
  timeZone: null,
  userId: null,
  options: {},
};

interface Item {
  id: number;
  status: string;
  errorReport: { code?: string; message?: string } | null;
}

async function history(): Promise<Item[]> {
  const response = await t.app.inject({ method: 'GET', url: '/api/imports' });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: Item[] }>().items;
}

describe('imports whose process died', () => {
  it('are listed as failed, interrupted, without waiting for a restart', async () => {
    // What a killed process leaves: a committed 'running' record nobody holds a lock on.
    const { id } = await t.database.db
      .insertInto('data_import')
      .values({ file_name: 'dead.csv', content_hash: 'd'.repeat(64), status: 'running' })
      .returning('id')
      .executeTakeFirstOrThrow();

    const item = (await history()).find((i) => i.id === id);
    expect(item).toMatchObject({
      status: 'failed',
      errorReport: { code: 'interrupted', message: expect.stringMatching(/^Interrupted/) },
    });
    const one = await t.app.inject({ method: 'GET', url: `/api/imports/${id}` });
    expect(one.json()).toMatchObject({ status: 'failed', errorReport: { code: 'interrupted' } });
  });

  // One connection at a time on the embedded database: nothing else reads while an import runs.
  it.skipIf(!process.env.DATABASE_URL)(
    'leave an import in progress alone, from the moment its record exists',
    async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let recorded!: (id: number) => void;
      const started = new Promise<number>((resolve) => (recorded = resolve));
      const running = startImport(t.database.db, fields, async (_conn, id) => {
        recorded(id);
        await gate;
      });
      const id = await started;
      try {
        expect((await history()).find((i) => i.id === id)).toMatchObject({
          status: 'running',
          errorReport: null,
        });
      } finally {
        release();
        await running;
      }
      // Its work over and its lock released without a final status: the next read marks it.
      expect((await history()).find((i) => i.id === id)).toMatchObject({ status: 'failed' });
    },
  );
});
