// The clients of bench/load.ts, in a worker thread of their own (plain JavaScript: workers do not
// get tsx's loader). Each dashboard client opens a page view after another (drawn by weight) and
// sends that page's requests one after the other, so exactly `clients` requests are in flight.
// Each submitter posts a valid response with the next token, paced so that all of them together
// post `submitRate` a second. Requests that start during the warm-up are not counted.
import { parentPort, workerData } from 'node:worker_threads';

const plan = workerData;
const started = performance.now();
const measureFrom = started + plan.warmup * 1000;
const until = measureFrom + plan.seconds * 1000;
/** Latencies are also kept by when their request began, in slices of this length. */
const SLICE_MS = 10_000;

function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const total = plan.views.reduce((sum, v) => sum + v.weight, 0);
const cumulative = [];
let running = 0;
for (const view of plan.views) {
  running += view.weight;
  cumulative.push(running);
}
function drawView(rnd) {
  const x = rnd() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return plan.views[lo];
}

const tally = {
  measuredSeconds: plan.seconds,
  endpoints: {},
  byCache: { hit: [], miss: [], uncached: [] },
  bySlice: [],
  computedBy: {},
  submissions: { latencies: [], ok: 0, errors: 0 },
  errorSamples: {},
  warmupRequests: 0,
  warmupErrors: 0,
};

function failed(kind, example) {
  const sample = (tally.errorSamples[kind] ??= { count: 0, example });
  sample.count++;
}

async function request(url, init) {
  const t0 = performance.now();
  let status = 'error';
  let cache = null;
  let computedBy = null;
  try {
    const res = await fetch(url, init);
    await res.arrayBuffer();
    status = String(res.status);
    cache = res.headers.get('x-reach-cache') ?? res.headers.get('x-impact-cache');
    // Which computed a miss: the in-memory figures or SQL (the report may use both kinds).
    computedBy =
      [
        ['reach', res.headers.get('x-reach-figures')],
        ['impact', res.headers.get('x-impact-figures')],
      ]
        .filter(([, source]) => source)
        .map(([kind, source]) => `${kind} ${source}`)
        .join(' + ') || null;
  } catch (error) {
    // A refused or reset connection: counted as an error, with its cause.
    status = `error ${error?.cause?.code ?? error?.name ?? 'unknown'}`;
  }
  return { t0, ms: performance.now() - t0, status, ok: status.startsWith('2'), cache, computedBy };
}

async function dashboardClient(index) {
  const rnd = random(plan.seed * 1000 + index);
  while (performance.now() < until) {
    const view = drawView(rnd);
    if (plan.think > 0) {
      // A person reads the page before opening the next; spread so clients do not move in step.
      await new Promise((resolve) => setTimeout(resolve, plan.think * (0.5 + rnd())));
      if (performance.now() >= until) break;
    }
    for (const path of view.paths) {
      if (performance.now() >= until) break;
      const r = await request(`${plan.base}${path}`, { headers: plan.sessions[index] });
      if (r.t0 < measureFrom) {
        tally.warmupRequests++;
        if (!r.ok) tally.warmupErrors++;
        continue;
      }
      const name = path.split('?')[0];
      const e = (tally.endpoints[name] ??= { latencies: [], errors: 0, hits: 0, misses: 0 });
      e.latencies.push(r.ms);
      if (!r.ok) {
        e.errors++;
        failed(`${name} ${r.status}`, path);
      }
      if (r.cache === 'hit') e.hits++;
      else if (r.cache === 'miss') e.misses++;
      tally.byCache[r.cache === 'hit' || r.cache === 'miss' ? r.cache : 'uncached'].push(r.ms);
      (tally.bySlice[Math.floor((r.t0 - measureFrom) / SLICE_MS)] ??= []).push(r.ms);
      if (r.computedBy) tally.computedBy[r.computedBy] = (tally.computedBy[r.computedBy] ?? 0) + 1;
    }
  }
}

let nextToken = 0;
async function submitter(index) {
  // Each submitter's own steady pace, staggered so they do not post together.
  const every = plan.submitRate > 0 ? (1000 * plan.submitters) / plan.submitRate : 0;
  let due = started + (every * index) / Math.max(1, plan.submitters);
  while (performance.now() < until && nextToken < plan.tokens.length) {
    if (every > 0) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      due += every;
      if (performance.now() >= until) break;
    }
    const token = plan.tokens[nextToken++];
    const r = await request(`${plan.base}/api/responses/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: plan.submission,
    });
    if (r.ok) tally.submissions.ok++;
    if (r.t0 < measureFrom) continue;
    tally.submissions.latencies.push(r.ms);
    if (!r.ok) {
      tally.submissions.errors++;
      failed(`/api/responses/:token ${r.status}`, `/api/responses/${token}`);
    }
  }
}

await Promise.all([
  ...Array.from({ length: plan.clients }, (_, i) => dashboardClient(i)),
  ...Array.from({ length: plan.submitters }, (_, i) => submitter(i)),
]);
parentPort.postMessage(tally);
