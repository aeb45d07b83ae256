import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  applyRetention,
  eraseParticipant,
  exportParticipant,
  previewErasure,
  type Database,
} from '@ripple/db';
import type { Kysely } from 'kysely';
import { parseRetentionMonths, RETENTION_ENV, retentionMonthsFromEnv } from './privacy/schedule.js';

export const PRIVACY_USAGE = `People's rights:
  participant erase --id N | --email E [--yes]
                                  Erase a person and every trace of them; shows what will go
                                  and asks you to type ERASE unless --yes
  participant export --id N | --email E [--lang en|es]
                                  Everything held about them, as JSON on standard output
                                  (pnpm ripple participant export --id 7 > person.json)
  retention [--dry-run] [--months N] [--now ISO-DATE]
                                  Remove the personal data of people inactive for longer than
                                  ${RETENTION_ENV} months (or --months); their attendance stays
                                  counted anonymously. --dry-run counts without changing anything`;

type Input = NodeJS.ReadableStream;
type Output = { write(text: string): unknown };

async function findPerson(
  db: Kysely<Database>,
  values: { id?: string; email?: string },
): Promise<{ id: number; name: string | null; email: string | null }> {
  if ((values.id === undefined) === (values.email === undefined)) {
    throw new Error(`Give either --id or --email\n\n${PRIVACY_USAGE}`);
  }
  if (values.id !== undefined && !/^[1-9]\d{0,9}$/.test(values.id)) {
    throw new Error(`--id must be a participant's number, not "${values.id}"`);
  }
  const email = values.email?.trim().toLowerCase();
  if (email === '') throw new Error('--email must not be blank');
  const person = await db
    .selectFrom('participant')
    .select(['id', 'name', 'email'])
    .$if(values.id !== undefined, (q) => q.where('id', '=', Number(values.id)))
    .$if(email !== undefined, (q) => q.where('email', '=', email!))
    .executeTakeFirst();
  if (!person) {
    throw new Error(
      values.id !== undefined
        ? `There is no participant #${values.id}; nothing was changed`
        : `No participant has the email ${email}; nothing was changed`,
    );
  }
  return person;
}

function readLine(input: Input, output: Output, question: string): Promise<string> {
  return new Promise((resolve) => {
    output.write(question);
    const rl = createInterface({ input, terminal: false });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line.trim());
    });
    rl.once('close', () => {
      if (!answered) resolve('');
    });
  });
}

export async function runParticipantCommand(
  db: Kysely<Database>,
  args: string[],
  io: { input?: Input; output?: Output; log?: Output } = {},
): Promise<number> {
  const input = io.input ?? process.stdin;
  const output = io.output ?? process.stdout;
  // Messages go to standard error, so an export's standard output is the JSON alone.
  const log = io.log ?? process.stderr;
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      id: { type: 'string' },
      email: { type: 'string' },
      yes: { type: 'boolean' },
      lang: { type: 'string' },
    },
    strict: true,
  });
  if (action === 'export') {
    const lang = values.lang ?? 'en';
    if (lang !== 'en' && lang !== 'es') throw new Error(`--lang must be en or es, not "${lang}"`);
    const person = await findPerson(db, values);
    const data = await exportParticipant(db, person.id, { lang });
    output.write(`${JSON.stringify(data, null, 2)}\n`);
    return 0;
  }
  if (action === 'erase') {
    const person = await findPerson(db, values);
    const preview = await previewErasure(db, person.id);
    if (!preview) throw new Error(`There is no participant #${person.id}; nothing was changed`);
    const c = preview.counts;
    log.write(
      `Participant #${person.id}: ${person.name ?? '(no name)'} <${person.email ?? 'no email'}>\n` +
        `Erasing removes them, ${c.attendance} attendance/registration rows, ${c.invitations} survey invitations, ` +
        `${c.responses} responses with ${c.answers} answers (quotes included), ${c.speakers} speaker entries with ` +
        `the same email, and their name and email wherever import history mentions them. It cannot be undone.\n` +
        (preview.hasAccount
          ? `A Ripple account has the same email. It is not a participant record and stays; an administrator can disable it on the Accounts page.\n`
          : ''),
    );
    if (!values.yes) {
      const answer = await readLine(input, log, 'Type ERASE to erase them: ');
      if (answer !== 'ERASE') {
        log.write('Not confirmed; nothing was changed.\n');
        return 1;
      }
    }
    const result = await eraseParticipant(db, person.id, { userId: null });
    if (!result) throw new Error(`Participant #${person.id} was erased meanwhile; nothing to do`);
    log.write(
      `Erased participant #${person.id}: ${result.total} rows removed or rewritten ` +
        `(${Object.entries(result.counts)
          .filter(([, v]) => v > 0)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}). The erasure is logged without naming them.\n`,
    );
    return 0;
  }
  throw new Error(`Unknown participant command "${action ?? ''}"\n\n${PRIVACY_USAGE}`);
}

export async function runRetentionCommand(
  db: Kysely<Database>,
  args: string[],
  io: { log?: Output; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const log = io.log ?? process.stdout;
  const { values } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean' },
      months: { type: 'string' },
      now: { type: 'string' },
    },
    strict: true,
  });
  const months =
    values.months !== undefined
      ? parseRetentionMonths(values.months, '--months')
      : retentionMonthsFromEnv(io.env ?? process.env);
  if (months === null) {
    throw new Error(
      `No retention period: set ${RETENTION_ENV} (months) or give --months; nothing was changed`,
    );
  }
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) {
    throw new Error(`--now must be a date such as 2026-11-30, not "${values.now}"`);
  }
  const dryRun = values['dry-run'] ?? false;
  const result = await applyRetention(db, { months, now, dryRun, actor: { userId: null } });
  const c = result.counts;
  log.write(
    `${dryRun ? 'Dry run: would anonymise' : 'Anonymised'} ${c.people} people last active before ${result.cutoff.slice(0, 10)} ` +
      `(${months} months): ${c.freeTextAnswers} free-text answers and ${c.otherTexts} "other" texts removed, ` +
      `${c.quotes} quotes withdrawn, ${c.invitations} unanswered invitations removed, ` +
      `${c.importReports + c.columnMappings} import documents cleaned. Their attendance stays counted anonymously.\n`,
  );
  return 0;
}
