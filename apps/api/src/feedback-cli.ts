import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database, SurveyWave } from '@ripple/db';
import { fileSource } from './import/files.js';
import {
  FeedbackRequestError,
  FeedbackRowsError,
  importFeedback,
  previewFeedback,
} from './feedback/service.js';

export const IMPORT_FEEDBACK_USAGE = `pnpm ripple import-feedback <file> --webinar ID --wave post|followup [options]

  Past survey answers from a Google Forms, KoboToolbox or SurveyMonkey export (or any CSV/XLSX
  with a header row) into a webinar's post-webinar or follow-up survey.
  --map "Column title=question_key"
                       which column answers which question (repeat it); without --map the
                       suggested mapping is used and printed
  --language en|es     language of the answers (default: as the column titles suggest)
  --email-column NAME, --submitted-at-column NAME
                       when they are not found by their usual titles
  --tz ZONE            IANA zone of the export's times (default: UTC for KoboToolbox, else the
                       webinar's)
  --date-order ORDER   dmy or mdy, for dates that do not show it
  --json               print the result as JSON`;

export async function runImportFeedbackCommand(
  db: Kysely<Database>,
  args: string[],
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      webinar: { type: 'string' },
      wave: { type: 'string' },
      map: { type: 'string', multiple: true },
      language: { type: 'string' },
      'email-column': { type: 'string' },
      'submitted-at-column': { type: 'string' },
      tz: { type: 'string' },
      'date-order': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const path = positionals[0];
  if (path === undefined || positionals.length > 1) {
    throw new Error(`Name one file.\n\n${IMPORT_FEEDBACK_USAGE}`);
  }
  if (values.webinar === undefined || !/^\d+$/.test(values.webinar)) {
    throw new Error('--webinar must be the id of a webinar (a number).');
  }
  if (values.wave !== 'post' && values.wave !== 'followup') {
    throw new Error('--wave must be post or followup.');
  }
  if (values.language !== undefined && values.language !== 'en' && values.language !== 'es') {
    throw new Error('--language must be en or es.');
  }
  const dateOrder = values['date-order'];
  if (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy') {
    throw new Error('--date-order must be dmy or mdy.');
  }
  try {
    statSync(path);
  } catch {
    throw new Error(`Cannot read ${path}: no such file.`);
  }
  const webinarId = Number(values.webinar);
  const wave: SurveyWave = values.wave;
  const source = fileSource(path);
  const fileName = basename(path);

  let columns: Record<string, string> = {};
  for (const pair of values.map ?? []) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) {
      throw new Error(`--map takes "Column title=question_key", not "${pair}".`);
    }
    columns[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }

  try {
    if (values.map === undefined) {
      const preview = await previewFeedback(db, source, fileName, { webinarId, wave });
      columns = preview.mapping;
      if (!values.json) {
        console.log(
          `${fileName}: ${preview.tool}, ${preview.rows} rows; suggested mapping to the ${preview.instrument.name} (version ${preview.instrument.version}):`,
        );
        for (const [column, key] of Object.entries(columns))
          console.log(`  --map "${column}=${key}"`);
        const unmapped = preview.columns.filter((c) => !(c.name in columns)).map((c) => c.name);
        if (unmapped.length > 0) console.log(`  not imported: ${unmapped.join(', ')}`);
      }
    }
    const result = await importFeedback(db, source, fileName, {
      webinarId,
      wave,
      columns,
      ...(values.language && { language: values.language }),
      ...(values['email-column'] && { emailColumn: values['email-column'] }),
      ...(values['submitted-at-column'] && { submittedAtColumn: values['submitted-at-column'] }),
      ...(values.tz && { timeZone: values.tz }),
      ...(dateOrder && { dateOrder }),
    });
    if (values.json)
      console.log(JSON.stringify({ fileName, mapping: columns, ...result }, null, 2));
    else {
      console.log(
        `${fileName}: ${result.stored} responses stored, ${result.alreadyImported} already imported, ` +
          `${result.linked} linked to participants by email` +
          (result.empty > 0 ? `, ${result.empty} empty rows skipped` : '') +
          '.',
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof FeedbackRowsError) {
      if (values.json) {
        console.log(
          JSON.stringify({ problems: error.problems, problemCount: error.total }, null, 2),
        );
      } else {
        console.error(
          `${fileName}: ${error.total} ${error.total === 1 ? 'problem' : 'problems'}; nothing was imported.`,
        );
        for (const problem of error.problems.slice(0, 50)) console.error(`  ${problem.message}`);
        if (error.total > 50) console.error(`  … and ${error.total - 50} more (--json lists 500)`);
      }
      return 1;
    }
    if (error instanceof FeedbackRequestError) {
      console.error(`${fileName}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
