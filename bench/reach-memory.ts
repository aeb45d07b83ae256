// The reach and impact figures held in memory (packages/db's ReachMemory and ImpactMemory) against
// the same figures in SQL, on the 200,000-person database of bench:load: how long a snapshot takes
// to load and how much heap it holds, what a catch-up with nothing new costs (the impact memory
// does one per cold figure), then per figure and view the time of one cold computation each way.
// Both answers must be equal, or it stops.
//   pnpm --filter @ripple/api bench:memory                 (the ripple_load database of bench:load)
//   … bench:memory -- --runs 20 --sql-runs 3 --database ripple_load
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import {
  getImpactVersion,
  ImpactMemory,
  openDatabase,
  ReachMemory,
  sqlImpactFigures,
  sqlReachFigures,
  type ImpactFiguresSource,
  type ReachFigures,
  type ReachFilters,
} from '../packages/db/dist/index.js';
import { sql } from './deps.js';

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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (text: string) => console.error(text);

/** The median time of `runs` calls of `run`, and the last call's value. */
async function timed(runs: number, run: () => Promise<unknown>) {
  const times: number[] = [];
  let value: unknown;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    value = await run();
    times.push(performance.now() - started);
  }
  return { ms: median(times), value };
}

/**
 * Times each figure over each view, in memory (median of RUNS) and in SQL (median of SQL_RUNS);
 * stops if the two answers differ. Returns the table's rows and the SQL ÷ memory ratios.
 */
async function compare<F>(
  figures: Array<[string, (f: F, filters: ReachFilters) => Promise<unknown>]>,
  views: Array<[string, ReachFilters]>,
  inMemory: F,
  inSql: F,
): Promise<{ table: string[]; ratios: number[] }> {
  const table: string[] = [];
  const ratios: number[] = [];
  for (const [figure, run] of figures) {
    for (const [view, filters] of views) {
      const memory = await timed(RUNS, () => run(inMemory, filters));
      const inDatabase = await timed(SQL_RUNS, () => run(inSql, filters));
      if (!isDeepStrictEqual(memory.value, inDatabase.value)) {
        throw new Error(`${figure}, ${view}: memory and SQL disagree`);
      }
      const m = memory.ms;
      const s = inDatabase.ms;
      ratios.push(s / m);
      table.push(
        `| ${figure} | ${view} | ${m.toFixed(2)} | ${s.toFixed(1)} | ${Math.round(s / m)}× |`,
      );
    }
  }
  return { table, ratios };
}

/** Prints a table from compare, with the median and lowest ratio. */
function printTable({ table, ratios }: { table: string[]; ratios: number[] }): void {
  console.log('| figure | view | memory ms | SQL ms | SQL ÷ memory |');
  console.log('|---|---|--:|--:|--:|');
  for (const line of table) console.log(line);
  console.log(
    `\nSQL ÷ memory: median ${Math.round(median(ratios))}×, lowest ${Math.round(Math.min(...ratios))}×`,
  );
}

async function main() {
  const url = new URL(
    process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test',
  );
  url.pathname = `/${values.database}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() }).catch(
    (error: Error) => {
      throw new Error(
        `${values.database}: ${error.message} (bench:load builds it: pnpm --filter @ripple/api bench:load)`,
      );
    },
  );
  const db = database.db;
  try {
    const { rows: counts } = await sql<{ attendance: number; people: number; webinars: number }>`
      select (select count(*)::int from attendance) as attendance,
             (select count(*)::int from participant) as people,
             (select count(*)::int from webinar where status = 'held') as webinars`.execute(db);
    log(`${values.database}: ${JSON.stringify(counts[0])}`);

    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const loads: number[] = [];
    let memory!: ReachMemory;
    const reachStall = await longestStall(async () => {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        memory = await ReachMemory.load(db);
        loads.push(performance.now() - started);
      }
    });
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;

    const { rows: years } = await sql<{ y: number }>`
      select extract(year from starts_at)::int as y from webinar where status = 'held'
      group by 1 order by 1 desc limit 1`.execute(db);
    const { rows: topics } = await sql<{ id: number }>`
      select topic_id as id from webinar_topic group by 1 order by count(*) desc limit 1`.execute(
      db,
    );
    const year = years[0]!.y;
    const views: Array<[string, ReachFilters]> = [
      ['all time', { timeZone: 'UTC' }],
      [`${year}`, { timeZone: 'UTC', from: `${year}-01-01`, to: `${year + 1}-01-01` }],
      [`${year}, in Santiago`, { timeZone: 'America/Santiago', from: `${year}-01-01` }],
      [`topic ${topics[0]!.id}`, { timeZone: 'UTC', topicIds: [topics[0]!.id] }],
      ['country US', { timeZone: 'UTC', countries: ['US'] }],
    ];
    const page = { sort: 'participants', order: 'desc', limit: 50, offset: 0, lang: 'en' } as const;
    const figures: Array<[string, (f: ReachFigures, filters: ReachFilters) => Promise<unknown>]> = [
      ['overview (summary + sectors)', (f, v) => f.summaryWithSectors(v)],
      ['breakdown by country', (f, v) => f.breakdown('country', v, page)],
      ['breakdown by topic', (f, v) => f.breakdown('topic', v, page)],
      ['breakdown by month', (f, v) => f.breakdown('month', v, page)],
      ['cross-tab region × year', (f, v) => f.crossTab('region', 'year', v)],
      ['cumulative by month', (f, v) => f.cumulative('month', v)],
      ['new vs returning', (f, v) => f.newVsReturning(v)],
      ['cohorts', (f, v) => f.cohorts(v)],
      ['distribution', (f, v) => f.distribution(v)],
    ];
    const reachResult = await compare(figures, views, memory.figuresOn(db), sqlReachFigures(db));
    console.log(
      `Reach figures in memory, ${values.database}: ${memory.rows.toLocaleString('en')} attendance rows, ${memory.people.toLocaleString('en')} people`,
    );
    console.log(
      `snapshot load: median ${median(loads).toFixed(0)} ms of 3 (${loads.map((x) => x.toFixed(0)).join(', ')}); heap and buffers held: ${((heapAfter - heapBefore) / 1_048_576).toFixed(1)} MiB${global.gc ? '' : ' (run node with --expose-gc for an exact figure)'}; the event loop's longest stall during the loads: ${reachStall.toFixed(0)} ms`,
    );
    console.log(`medians: ${RUNS} runs in memory, ${SQL_RUNS} in SQL; every answer equal\n`);
    printTable(reachResult);

    // The impact figures, beside the same reach snapshot.
    global.gc?.();
    const impactHeapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const impactLoads: number[] = [];
    let impact!: ImpactMemory;
    const impactStall = await longestStall(async () => {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const loaded = await ImpactMemory.load(db, memory);
        if (!loaded) throw new Error('the data changed while loading: run again');
        impactLoads.push(performance.now() - started);
        impact = loaded;
      }
    });
    global.gc?.();
    const impactHeapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const catchUp = await timed(RUNS, async () => {
      if (!(await impact.catchUp(db))) throw new Error('the data changed: run again');
    });
    const impactFigures: Array<
      [string, (f: ImpactFiguresSource, filters: ReachFilters) => Promise<unknown>]
    > = [
      ['impact (funnel, ratings, uses, intent → applied)', (f, v) => f.impact(v, 'en')],
      ['impact by topic', (f, v) => f.breakdown('topic', v, { lang: 'en', limit: 500 })],
      ['impact by country', (f, v) => f.breakdown('country', v, { lang: 'en', limit: 500 })],
      // Counted and paged in memory, the page's rows read by id.
      ['comments, first page', (f, v) => f.comments(v, { limit: 10, offset: 0 })],
      ['comments, page at offset 2,000', (f, v) => f.comments(v, { limit: 10, offset: 2000 })],
      ['testimonials', (f, v) => f.testimonials(v, { status: 'all', limit: 20, offset: 0 })],
    ];
    const impactResult = await compare(
      impactFigures,
      views,
      impact.figuresOn(db),
      sqlImpactFigures(db),
    );
    console.log(
      `\nImpact figures in memory: ${impact.responseCount.toLocaleString('en')} responses to held webinars`,
    );
    console.log(
      `load: median ${median(impactLoads).toFixed(0)} ms of 3 (${impactLoads.map((x) => x.toFixed(0)).join(', ')}); heap and buffers held: ${((impactHeapAfter - impactHeapBefore) / 1_048_576).toFixed(1)} MiB; the event loop's longest stall during the loads: ${impactStall.toFixed(0)} ms; a catch-up with nothing new: median ${catchUp.ms.toFixed(1)} ms of ${RUNS}\n`,
    );
    printTable(impactResult);

    // The impact cache's version of a view: a catch-up and a sum in memory, or counted in SQL.
    const versionResult = await compare<(filters: ReachFilters) => Promise<unknown>>(
      [["the impact cache's version", (version, v) => version(v)]],
      views,
      async (v) => {
        await impact.catchUp(db);
        return impact.versionOf(db, v);
      },
      (v) => getImpactVersion(db, v),
    );
    console.log('');
    printTable(versionResult);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/**
 * The longest time the event loop could not run a callback while `work` ran, in ms: what every
 * request to a server would wait on top of its own time if the work ran there (a load at start or
 * after a write).
 */
async function longestStall(work: () => Promise<void>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  try {
    await work();
  } finally {
    delay.disable();
  }
  return delay.max / 1e6;
}
