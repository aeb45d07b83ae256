// What a cold reach figure would cost if the read path held each webinar's attendees in memory:
// a view's unique people become a union of per-webinar sets (a pass over arrays of ints) instead
// of a count(distinct) in PostgreSQL. A sketch for the redesign that the load target needs
// (bench/README.md, "Where the time goes under load"); nothing in the product uses it yet.
//   pnpm --filter @ripple/api bench:union      (the ripple_load database of bench:load)
// Each view's unique people and their split by sector are computed both ways and must agree.
import { parseArgs } from 'node:util';
import { pg } from './deps.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    database: { type: 'string', default: 'ripple_load' },
    runs: { type: 'string', default: '20' },
    'sql-runs': { type: 'string', default: '3' },
  },
});
if (!/^[a-z_][a-z0-9_]*$/.test(values.database)) {
  throw new Error(`--database: not a plain name: ${values.database}`);
}
const RUNS = Number(values.runs);
const SQL_RUNS = Number(values['sql-runs']);

interface View {
  name: string;
  /** The view's held webinars. */
  webinars: number[];
  /** A condition on the person (country), or none. */
  country: string | null;
  /** The same view in SQL, over attendance a ⋈ webinar w ⋈ participant p. */
  where: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const url = new URL(
    process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
  );
  url.pathname = `/${values.database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect().catch((error: Error) => {
    throw new Error(
      `${values.database}: ${error.message} (bench:load builds it: pnpm --filter @ripple/api bench:load)`,
    );
  });
  try {
    await client.query('set jit = off');
    await client.query(`set work_mem = '32MB'`);

    // The in-memory form: per webinar, its attendees' ids; per person, a sector and a country.
    const loadStart = performance.now();
    const { rows: webinars } = await client.query<{ id: number; year: number; topics: number[] }>(
      `select w.id, extract(year from w.starts_at at time zone 'UTC')::int as year,
              coalesce(array_agg(wt.topic_id) filter (where wt.topic_id is not null), '{}') as topics
       from webinar w left join webinar_topic wt on wt.webinar_id = w.id
       where w.status = 'held' group by w.id`,
    );
    const { rows } = await client.query<{
      webinar_id: number;
      participant_id: number;
      sector: string;
      country: string | null;
    }>(
      `select a.webinar_id, a.participant_id, p.sector, p.country
       from attendance a join participant p on p.id = a.participant_id
       join webinar w on w.id = a.webinar_id
       where a.attended and w.status = 'held' order by a.webinar_id`,
    );
    const people = rows.reduce((max, r) => Math.max(max, r.participant_id), 0) + 1;
    const sectorNames: string[] = [];
    const sectorIndex = new Map<string, number>();
    const countryIndex = new Map<string, number>();
    const sectorOf = new Uint8Array(people);
    const countryOf = new Uint16Array(people);
    const lists = new Map<number, number[]>();
    for (const r of rows) {
      let list = lists.get(r.webinar_id);
      if (!list) lists.set(r.webinar_id, (list = []));
      list.push(r.participant_id);
      if (!sectorIndex.has(r.sector)) {
        sectorIndex.set(r.sector, sectorNames.length);
        sectorNames.push(r.sector);
      }
      sectorOf[r.participant_id] = sectorIndex.get(r.sector)!;
      const country = r.country ?? '';
      if (!countryIndex.has(country)) countryIndex.set(country, countryIndex.size + 1);
      countryOf[r.participant_id] = countryIndex.get(country)!;
    }
    const attendees = new Map([...lists].map(([id, list]) => [id, Int32Array.from(list)]));
    const loadMs = performance.now() - loadStart;
    const bytes =
      [...attendees.values()].reduce((sum, set) => sum + set.byteLength, 0) +
      sectorOf.byteLength +
      countryOf.byteLength;

    // Unique people of the view, and by sector: each person counted once (a stamp per run).
    const seen = new Uint32Array(people);
    let stamp = 0;
    function union(view: View): { unique: number; bySector: number[] } {
      stamp++;
      const only = view.country === null ? 0 : (countryIndex.get(view.country) ?? -1);
      const bySector = new Array<number>(sectorNames.length).fill(0);
      let unique = 0;
      for (const id of view.webinars) {
        const set = attendees.get(id);
        if (!set) continue;
        for (let i = 0; i < set.length; i++) {
          const person = set[i]!;
          if (seen[person] === stamp || (only !== 0 && countryOf[person] !== only)) continue;
          seen[person] = stamp;
          unique++;
          bySector[sectorOf[person]!]!++;
        }
      }
      return { unique, bySector };
    }

    // The views: all time, the latest full year, the topic with most webinars, the country with
    // most people (a condition on the person rather than the webinar).
    const years = [...new Set(webinars.map((w) => w.year))].sort();
    const year = years.at(-2) ?? years.at(-1)!;
    const topicCount = new Map<number, number>();
    for (const w of webinars)
      for (const t of w.topics) topicCount.set(t, (topicCount.get(t) ?? 0) + 1);
    const topic = [...topicCount].sort((a, b) => b[1] - a[1])[0]?.[0];
    const { rows: top } = await client.query<{ country: string }>(
      `select country from participant where country is not null group by country order by count(*) desc limit 1`,
    );
    const country = top[0]!.country;
    const all = webinars.map((w) => w.id);
    const views: View[] = [
      { name: 'all time', webinars: all, country: null, where: 'true' },
      {
        name: `year ${year}`,
        webinars: webinars.filter((w) => w.year === year).map((w) => w.id),
        country: null,
        where: `extract(year from w.starts_at at time zone 'UTC') = ${year}`,
      },
      ...(topic === undefined
        ? []
        : [
            {
              name: `topic ${topic}`,
              webinars: webinars.filter((w) => w.topics.includes(topic)).map((w) => w.id),
              country: null,
              where: `exists (select 1 from webinar_topic wt where wt.webinar_id = w.id and wt.topic_id = ${topic})`,
            },
          ]),
      {
        name: `country ${country}`,
        webinars: all,
        country,
        where: `p.country = '${country}'`,
      },
    ];

    console.log(
      `${values.database}: ${rows.length.toLocaleString('en')} attendances at ${webinars.length.toLocaleString('en')} held webinars, ${(people - 1).toLocaleString('en')} people ids`,
    );
    console.log(
      `in memory: loaded in ${loadMs.toFixed(0)} ms, ${(bytes / 2 ** 20).toFixed(1)} MiB of arrays; medians of ${RUNS} runs (in memory) and ${SQL_RUNS} (SQL)`,
    );
    console.log('');
    console.log('| view | webinars | unique people | in memory ms | SQL ms | SQL ÷ memory |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const view of views) {
      const times: number[] = [];
      let result = union(view);
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        result = union(view);
        times.push(performance.now() - started);
      }
      const sqlTimes: number[] = [];
      let sqlRows: Array<{ sector: string | null; n: number }> = [];
      for (let i = 0; i < SQL_RUNS; i++) {
        const started = performance.now();
        sqlRows = (
          await client.query<{ sector: string | null; n: number }>(
            `select p.sector, count(distinct a.participant_id)::int as n
             from attendance a join webinar w on w.id = a.webinar_id
             join participant p on p.id = a.participant_id
             where a.attended and w.status = 'held' and ${view.where}
             group by grouping sets ((p.sector), ())`,
          )
        ).rows;
        sqlTimes.push(performance.now() - started);
      }
      // Both ways must give the same figures, or the comparison means nothing.
      const whole = sqlRows.find((r) => r.sector === null)?.n ?? 0;
      const mismatch =
        whole !== result.unique ||
        sqlRows.some(
          (r) => r.sector !== null && result.bySector[sectorIndex.get(r.sector) ?? -1] !== r.n,
        );
      if (mismatch) {
        throw new Error(
          `${view.name}: in memory ${result.unique} ${JSON.stringify(result.bySector)}, SQL ${JSON.stringify(sqlRows)}`,
        );
      }
      const memory = median(times);
      const inSql = median(sqlTimes);
      console.log(
        `| ${view.name} | ${view.webinars.length.toLocaleString('en')} | ${result.unique.toLocaleString('en')} | ${memory.toFixed(2)} | ${inSql.toFixed(0)} | ${(inSql / memory).toFixed(0)}× |`,
      );
    }
  } finally {
    await client.end();
  }
}

await main();
