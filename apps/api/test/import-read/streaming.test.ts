// A large Zoom meeting report streams through in bounded memory: the file is generated as it
// is read, so the only thing that could grow the heap is the reader itself.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../src/import/read/index.js';

const ROWS = 200_000;

function* meetingReport(): Generator<string> {
  yield 'Topic,ID,Host,Duration (minutes),Start time,End time,Participants\r\n';
  yield `Big clinic,81796405615,Ana Host (ana.host@example.org),600,"06/16/2026 08:00:00 AM","06/16/2026 06:00:00 PM",${ROWS}\r\n\r\n`;
  yield 'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,In waiting room\r\n';
  let batch = '';
  for (let index = 0; index < ROWS; index += 1) {
    const minute = String(index % 60).padStart(2, '0');
    batch += `Person ${index},person${index}@example.com,06/16/2026 09:${minute}:00 AM,06/16/2026 10:${minute}:00 AM,60,Yes,No\r\n`;
    if (index % 500 === 499) {
      yield batch;
      batch = '';
    }
  }
  yield batch;
}

describe('streaming', () => {
  it(`reads ${ROWS} rows with bounded heap`, async () => {
    const source = () => Readable.from(meetingReport());
    const started = performance.now();
    const baseline = process.memoryUsage().heapUsed;
    const opened = await openExport(source, 'big.csv');
    let count = 0;
    let seconds = 0;
    let peak = 0;
    for await (const row of opened.rows) {
      count += 1;
      seconds += row.seconds ?? 0;
      if (count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
    const elapsed = (performance.now() - started) / 1000;
    console.info(
      `streaming: ${count} rows in ${elapsed.toFixed(2)} s (${Math.round(count / elapsed)} rows/s), ` +
        `peak heap growth ${(peak / 1024 / 1024).toFixed(1)} MB`,
    );
    expect(count).toBe(ROWS);
    expect(seconds).toBe(ROWS * 3600);
    expect(opened.issues.kept).toEqual([]);
    // Speed is the import benchmark's business (bench/import.ts); a timed assertion here would
    // fail on a loaded machine without anything being wrong.
    expect(peak).toBeLessThan(50 * 1024 * 1024);
  });
});
