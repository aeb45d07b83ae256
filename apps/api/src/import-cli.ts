import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '@ripple/db';
import { fileSource, hashFile } from './import/files.js';
import { importAttendance, type ImportSummary } from './import/pipeline.js';
import { FORMAT_IDS, type FormatId, type Source } from './import/types.js';

export const IMPORT_USAGE = `pnpm ripple import <files…> [options]

  --tz ZONE            IANA time zone the file's times are in (default: the webinar's, else UTC)
  --webinar ID         import into this webinar instead of the one the file names
  --format FORMAT      read as this format instead of detecting it (${FORMAT_IDS.join(', ')})
  --date-order ORDER   dmy or mdy, for files whose dates do not settle it
  --language CODE      language of a webinar the file creates (en, es, …)
  --series ID, --working-group ID, --topics ID,ID
                       details exports do not carry, for a webinar the file creates
  --dry-run            show what would happen and write nothing
  --strict             refuse a file with any row in error (default: keep the good rows)
  --json               print the summaries as JSON`;

function idOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a number, not "${value}"`);
  return Number(value);
}

/** Wraps a file source to report how far the current read has got, for the progress bar. */
function measuredSource(path: string, onBytes: (bytes: number) => void): Source {
  const open = fileSource(path);
  return () => {
    let read = 0;
    const stream = open();
    stream.on('data', (chunk: Buffer | string) => {
      read += chunk.length;
      onBytes(read);
    });
    return stream;
  };
}

export async function runImportCommand(db: Kysely<Database>, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      tz: { type: 'string' },
      webinar: { type: 'string' },
      format: { type: 'string' },
      'date-order': { type: 'string' },
      language: { type: 'string' },
      series: { type: 'string' },
      'working-group': { type: 'string' },
      topics: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new Error(`Name at least one file.\n\n${IMPORT_USAGE}`);
  if (values.format !== undefined && !(FORMAT_IDS as readonly string[]).includes(values.format)) {
    throw new Error(`--format must be one of ${FORMAT_IDS.join(', ')}`);
  }
  const dateOrder = values['date-order'];
  if (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy') {
    throw new Error('--date-order must be dmy or mdy');
  }
  if (values.language !== undefined && !/^[a-z]{2,3}$/.test(values.language)) {
    throw new Error('--language must be a language code such as en or es');
  }
  const topicIds = values.topics?.split(',').map((t) => idOption('topics', t.trim())!);
  const answers = {
    ...(values.language && { language: values.language }),
    ...(values.series && { seriesId: idOption('series', values.series)! }),
    ...(values['working-group'] && {
      workingGroupId: idOption('working-group', values['working-group'])!,
    }),
    ...(topicIds && { topicIds }),
  };

  const summaries: ImportSummary[] = [];
  const tty = process.stderr.isTTY && !values.json;
  for (const path of positionals) {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new Error(`Cannot read ${path}: no such file.`);
    }
    let bytes = 0;
    let rows = 0;
    let lastDraw = 0;
    let lastStep = -1;
    // On a terminal a bar redrawn in place; in a log a line per tenth of the file.
    const draw = (force = false) => {
      if (values.json) return;
      const percent = size > 0 ? Math.min(100, Math.floor((bytes / size) * 100)) : 100;
      if (!tty) {
        const step = Math.floor(percent / 10);
        if (step !== lastStep && rows > 0) {
          lastStep = step;
          process.stderr.write(
            `  ${basename(path)}: ${percent}%, ${rows.toLocaleString('en')} rows\n`,
          );
        }
        return;
      }
      const now = Date.now();
      if (!force && now - lastDraw < 100) return;
      lastDraw = now;
      const bar = '█'.repeat(Math.floor(percent / 5)).padEnd(20, '░');
      process.stderr.write(
        `\r  ${basename(path)}  ${bar} ${String(percent).padStart(3)}%  ${rows.toLocaleString('en')} rows`,
      );
    };
    const summary = await importAttendance(db, {
      fileName: basename(path),
      source: measuredSource(path, (b) => {
        bytes = b;
        draw();
      }),
      contentHash: await hashFile(path),
      ...(values.format && { format: values.format as FormatId }),
      ...(values.tz && { timeZone: values.tz }),
      ...(dateOrder && { dateOrder }),
      ...(values.webinar && { webinarId: idOption('webinar', values.webinar)! }),
      ...(Object.keys(answers).length > 0 && { webinar: answers }),
      dryRun: values['dry-run'],
      strict: values.strict,
      onProgress: (p) => {
        rows = p.rows;
        draw();
      },
    });
    if (tty) {
      draw(true);
      process.stderr.write('\n');
    }
    summaries.push(summary);
    if (!values.json) console.log(formatSummary(path, summary));
  }
  if (values.json) console.log(JSON.stringify(summaries, null, 2));
  return summaries.some((s) => s.status === 'failed') ? 1 : 0;
}

const STATUS_WORDS: Record<ImportSummary['status'], string> = {
  succeeded: 'imported',
  dry_run: 'dry run, nothing written',
  unchanged: 'already imported, nothing changed',
  failed: 'FAILED',
};

/** What to type next, for the refusals a flag settles. */
const HINTS: Record<string, string> = {
  date_order_ambiguous:
    'Say how its dates read: --date-order mdy (03/05 is 5 March) or --date-order dmy (3 May).',
  mapping_required:
    'This file is not a known export: map its columns once in the dashboard Import page (or POST /api/imports with a mapping).',
  webinar_unknown: 'Name the webinar to import into with --webinar ID.',
  invalid_time_zone: 'Use an IANA time zone name, e.g. --tz Europe/Madrid or --tz America/Bogota.',
};

function formatSummary(path: string, s: ImportSummary): string {
  const lines = [
    `${path}: ${STATUS_WORDS[s.status]}${s.importId !== null ? ` (import #${s.importId})` : ''}`,
  ];
  lines.push(`  ${s.message}`);
  const hint = s.error && HINTS[s.error.code];
  if (hint) lines.push(`  ${hint}`);
  if (s.format)
    lines.push(`  format: ${s.format}${s.timeZone ? `, times read in ${s.timeZone}` : ''}`);
  if (s.webinar) {
    lines.push(
      `  webinar #${s.webinar.id} "${s.webinar.title}", ${s.webinar.startsAt} (${s.webinar.action}${s.webinar.matchedBy ? ` by ${s.webinar.matchedBy.replaceAll('_', ' ')}` : ''})`,
    );
  }
  if (s.counts) {
    const c = s.counts;
    lines.push(
      `  ${c.rows} rows → ${c.attendees} attended, ${c.noShows} no-shows, ${c.registered} registered, ${c.speakers} speakers; ${c.newParticipants} new and ${c.matchedParticipants} known participants`,
    );
  }
  if (s.replaced) {
    lines.push(
      `  replaces import #${s.replaced.importId}: ${s.replaced.added} added, ${s.replaced.removed} removed, ${s.replaced.changed} changed`,
    );
  }
  if (s.missing.length > 0) {
    lines.push(
      `  still unknown: ${s.missing.join(', ')} (give them with --tz, --language, --series, --working-group, --topics, or edit the webinar)`,
    );
  }
  if (s.unmatchedCountries.length > 0) {
    lines.push(
      `  countries not recognised: ${s.unmatchedCountries.map((u) => `"${u.text}" (${u.rows})`).join(', ')}`,
    );
  }
  for (const issue of s.issues.slice(0, 10)) {
    lines.push(
      `  line ${issue.line}${issue.column ? `, ${issue.column}` : ''}${issue.value !== null ? ` "${issue.value}"` : ''}: ${issue.reason}`,
    );
  }
  if (s.issueCount > 10)
    lines.push(`  … and ${s.issueCount - 10} more problems (--json lists up to 200)`);
  return lines.join('\n');
}
