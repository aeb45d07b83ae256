// The load of bench/submissions.ts, in a worker thread of its own (plain JavaScript: workers do
// not get tsx's loader): each client posts with the next token until time is up.
import { parentPort, workerData } from 'node:worker_threads';

const load = workerData;
const until = performance.now() + load.seconds * 1000;
let next = 0;
const tally = { ok: 0, failed: 0, statuses: {}, latencies: [] };
await Promise.all(
  Array.from({ length: load.clients }, async () => {
    while (performance.now() < until && next < load.tokens.length) {
      const token = load.tokens[next++];
      const started = performance.now();
      let status = 'error';
      try {
        const res = await fetch(`${load.base}${load.path.replace(':token', token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: load.body,
        });
        await res.arrayBuffer();
        status = String(res.status);
      } catch {
        // a refused or dropped connection: counted as failed
      }
      tally.latencies.push(performance.now() - started);
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      if (status.startsWith('2')) tally.ok++;
      else tally.failed++;
    }
  }),
);
parentPort.postMessage(tally);
