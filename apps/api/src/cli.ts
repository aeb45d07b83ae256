#!/usr/bin/env node
// `pnpm ripple <command>`: administration from the command line.
import { parseArgs } from 'node:util';
import { generateDemo, isDatabaseEmpty, undoImport } from '@ripple/db';
import { IMPORT_USAGE, runImportCommand } from './import-cli.js';
import { INVITATIONS_USAGE, runInvitationsCommand } from './invitations-cli.js';
import { IMPORT_FEEDBACK_USAGE, runImportFeedbackCommand } from './feedback-cli.js';
import { runUserCommand, USER_USAGE } from './accounts-cli.js';
import { BACKUP_USAGE, runBackupCommand, runRestoreCommand } from './backup-cli.js';
import { PRIVACY_USAGE, runParticipantCommand, runRetentionCommand } from './privacy-cli.js';
import { terminalProgress } from './progress.js';
import { openMigratedDatabase } from './startup.js';

const USAGE = `Usage: pnpm ripple <command> [options]

Commands:
  migrate                         Bring the database schema up to date
  demo [--participants N] [--webinars N] [--seed N] [--attendance-scale X]
                                  Fill an empty database with a generated demo programme
                                  (default: 4,800 participants, 63 webinars, seed 2012);
                                  --attendance-scale (1 to 10) multiplies the webinars each
                                  person attends: 3.7 gives ~2M attendances at 200,000 people
  import <files…> [options]       Import attendance exports (Zoom, Teams, Webex, GoTo, other)
  undo-import <id>                Take an import back out
  invitations <create|export|send|remind>
                                  Survey invitations: create, CSV export, email
  import-feedback <file> [options]
                                  Import past survey answers (Google Forms, KoboToolbox,
                                  SurveyMonkey, CSV)
  user <add|password|disable|enable|list>
                                  Accounts of the people who use Ripple
  backup [--out FILE]             Back up the embedded database to a file
  restore FILE                    Replace the embedded database with a backup
  participant <erase|export>      A person's rights: erasure, and their data as JSON
  retention [--dry-run]           Remove personal data of long-inactive people

${IMPORT_USAGE}

${INVITATIONS_USAGE}

${IMPORT_FEEDBACK_USAGE}

${USER_USAGE}

${BACKUP_USAGE}
${PRIVACY_USAGE}

The database is DATABASE_URL when set, else the embedded one in RIPPLE_DATA_DIR (.ripple/data).`;

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new Error(`--${name} must be a whole number of at least 1, not "${value}"`);
  }
  return Number(value);
}

function scale(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || number < 1 || number > 10) {
    throw new Error(`--attendance-scale must be a number from 1 to 10, not "${value}"`);
  }
  return number;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  if (command === 'migrate') {
    const database = await openMigratedDatabase();
    console.log(`Database at ${database.location} is up to date.`);
    await database.close();
    return;
  }
  if (command === 'demo') {
    const { values } = parseArgs({
      args: rest,
      options: {
        participants: { type: 'string' },
        webinars: { type: 'string' },
        seed: { type: 'string' },
        'attendance-scale': { type: 'string' },
      },
      strict: true,
    });
    const options = {
      participants: positiveInteger('participants', values.participants),
      webinars: positiveInteger('webinars', values.webinars),
      seed: positiveInteger('seed', values.seed),
      attendanceScale: scale(values['attendance-scale']),
    };
    const database = await openMigratedDatabase();
    try {
      if (!(await isDatabaseEmpty(database.db))) {
        throw new Error(
          `The database at ${database.location} already holds data; the demo is only generated into an empty database.`,
        );
      }
      const progress = terminalProgress();
      const summary = await generateDemo(database.db, {
        ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
        onProgress: progress.update,
      });
      progress.finish(
        `Generated ${summary.webinars.toLocaleString('en')} webinars, ${summary.speakers.toLocaleString('en')} speakers, ` +
          `${summary.participants.toLocaleString('en')} participants, ${summary.attendances.toLocaleString('en')} attendances, ` +
          `${summary.responses.toLocaleString('en')} survey responses`,
      );
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'import') {
    const database = await openMigratedDatabase();
    try {
      process.exitCode = await runImportCommand(database.db, rest);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'import-feedback') {
    const database = await openMigratedDatabase();
    try {
      process.exitCode = await runImportFeedbackCommand(database.db, rest);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'undo-import') {
    const id = rest[0];
    if (!id || !/^\d+$/.test(id)) throw new Error('Usage: pnpm ripple undo-import <id>');
    const database = await openMigratedDatabase();
    try {
      const result = await undoImport(database.db, Number(id));
      console.log(
        `Import #${id} undone: ${result.attendanceRemoved} attendance rows removed, ${result.attendanceRestored} restored, ` +
          `${result.participantsRemoved} participants and ${result.speakerLinksRemoved} speaker links removed` +
          (result.webinarRemoved ? ', and the webinar it created.' : '.'),
      );
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'user') {
    const database = await openMigratedDatabase();
    try {
      process.exitCode = await runUserCommand(database.db, rest);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'invitations') {
    const database = await openMigratedDatabase();
    try {
      process.exitCode = await runInvitationsCommand(database.db, rest);
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'backup') {
    process.exitCode = await runBackupCommand(rest);
    return;
  }
  if (command === 'restore') {
    process.exitCode = await runRestoreCommand(rest);
    return;
  }
  if (command === 'participant' || command === 'retention') {
    const database = await openMigratedDatabase();
    try {
      process.exitCode = await (command === 'participant'
        ? runParticipantCommand(database.db, rest)
        : runRetentionCommand(database.db, rest));
    } finally {
      await database.close();
    }
    return;
  }
  throw new Error(`Unknown command "${command}".\n\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`ripple: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
