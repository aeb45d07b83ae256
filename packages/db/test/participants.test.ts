import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folded } from '../src/queries/impact-source.js';
import { searchParticipants } from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';
import type { RippleDatabase } from '../src/connection.js';
import { makeParticipant } from './factories.js';

// The stored search keys (migration 20261130T110000_participant_search) must fold exactly as
// `folded()` folds a search's words, or a search would miss people it should find.

let database: RippleDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('participant search keys', () => {
  it('are the name, and the name and email, folded as the search words are', async () => {
    const db = database.db;
    const names = ['Ñandú Çelik-Øster', 'ÉLODIE Dupré', 'Zoë Ångström', 'Đặng Thị Mỹ', null];
    for (const [i, name] of names.entries()) {
      await makeParticipant(db, { name, email: i === 4 ? null : `p${i}@münchen.example` });
    }
    const { rows } = await sql<{
      name: string | null;
      name_key: string | null;
      search_key: string;
      expected_name: string | null;
      expected_search: string;
    }>`
      select name, name_key, search_key,
             ${folded(sql`name`)} as expected_name,
             ${folded(sql`coalesce(name, '') || ' ' || coalesce(email, '')`)} as expected_search
      from participant order by id
    `.execute(db);
    for (const row of rows) {
      expect(row.name_key).toBe(row.expected_name);
      expect(row.search_key).toBe(row.expected_search);
    }
    expect(rows[1]!.name_key).toBe('elodie dupre');
    expect(rows[4]!.name_key).toBeNull();
  });

  it('follow a change of name or email', async () => {
    const db = database.db;
    const person = await makeParticipant(db, { name: 'Old Name', email: 'old@example.org' });
    await db
      .updateTable('participant')
      .set({ name: 'Renée Nouveau', email: 'renee@example.org' })
      .where('id', '=', person.id)
      .execute();
    const found = await searchParticipants(db, { q: 'RENEE nouveau' });
    expect(found.items.map((p) => p.id)).toEqual([person.id]);
    expect((await searchParticipants(db, { q: 'old@example' })).total).toBe(0);
  });
});
