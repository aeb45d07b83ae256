import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImpactCache, getImpactVersion } from '../src/queries/impact-cache.js';
import type { ReachFilters } from '../src/queries/filters.js';
import type { Database } from '../src/schema.js';
import { createTestDatabase } from '../src/testing.js';
import type { RippleDatabase } from '../src/connection.js';
import { makeWebinar } from './factories.js';

// The impact cache's exactness at its edges: a write that commits while a result is being
// computed, and the version's parts. The API tests (apps/api/test/impact.test.ts) show it
// through the endpoints.

let database: RippleDatabase;
let db: Kysely<Database>;
let webinarId: number;
let lastYear: number;
const all: ReachFilters = { timeZone: 'UTC' };

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  webinarId = (await makeWebinar(db, { starts_at: '2026-03-01T15:00:00Z', status: 'held' })).id;
  lastYear = (await makeWebinar(db, { starts_at: '2025-03-01T15:00:00Z', status: 'held' })).id;
});

afterAll(async () => {
  await database?.close();
});

async function invite(webinar = webinarId): Promise<void> {
  await sql`
    insert into survey_invitation (token, webinar_id, wave, survey_version_id, language, expires_at)
    values (${randomBytes(12).toString('base64url')}, ${webinar}, 'post',
            (select min(v.id) from survey_version v join survey s on s.id = v.survey_id
             where s.kind = 'post'),
            'en', now() + interval '30 days')
  `.execute(db);
}

const invitations = async (handle: Kysely<Database>): Promise<number> =>
  (await sql<{ n: number }>`select count(*)::int as n from survey_invitation`.execute(handle))
    .rows[0]!.n;

describe('ImpactCache', () => {
  it('serves no request that began after a write a result computed before it, even while it committed', async () => {
    const cache = new ImpactCache();
    const before = await invitations(db);
    // The figure is read, then a submission-like insert commits before the computation ends.
    const racing = await cache.lookup(db, 'count', {}, all, async (handle) => {
      const n = await invitations(handle);
      await invite();
      return n;
    });
    expect(racing).toEqual({ value: before, outcome: 'miss' });
    // Served from the cache, this would be the count without the invitation.
    expect(await cache.lookup(db, 'count', {}, all, invitations)).toEqual({
      value: before + 1,
      outcome: 'miss',
    });
    expect(await cache.lookup(db, 'count', {}, all, invitations)).toEqual({
      value: before + 1,
      outcome: 'hit',
    });
  });

  it("moves a view's version with its own webinars' inserts only, and with every delete", async () => {
    const thisYear: ReachFilters = { timeZone: 'UTC', from: '2026-01-01', to: '2027-01-01' };
    const past: ReachFilters = { timeZone: 'UTC', from: '2025-01-01', to: '2026-01-01' };
    const [a, b, c] = [
      await getImpactVersion(db, all),
      await getImpactVersion(db, thisYear),
      await getImpactVersion(db, past),
    ];
    await invite(webinarId);
    expect((await getImpactVersion(db, all)).invitations).toBe(a.invitations + 1);
    expect((await getImpactVersion(db, thisYear)).invitations).toBe(b.invitations + 1);
    expect(await getImpactVersion(db, past)).toEqual(c);
    await invite(lastYear);
    const afterInsert = await getImpactVersion(db, past);
    expect(afterInsert.invitations).toBe(c.invitations + 1);
    // A delete lowers a count, which alone could meet an earlier value: the counter moves too.
    await sql`delete from survey_invitation where webinar_id = ${lastYear}`.execute(db);
    const afterDelete = await getImpactVersion(db, past);
    expect(afterDelete.invitations).toBe(c.invitations);
    expect(afterDelete.rare).toBeGreaterThan(afterInsert.rare);
  });
});
