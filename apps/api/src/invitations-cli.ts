import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import {
  createInvitations,
  InvitationError,
  SURVEY_WAVES,
  type Database,
  type SurveyWave,
} from '@ripple/db';
import { surveyConfigFromEnv } from './surveys/config.js';
import { invitationsCsv } from './surveys/csv.js';
import { mailInvitations, type MailOutcome } from './surveys/mailer.js';

export const INVITATIONS_USAGE = `pnpm ripple invitations <create|export|send|remind> [options]

  create --webinar ID --wave post|followup [--followup-days N]
                       invite the webinar's attendees (again: only those not yet invited)
  export [--webinar ID] [--wave post|followup] [--out FILE]
                       invitations as CSV with their personal links (stdout by default)
  send [--webinar ID] [--wave post|followup]
                       email the due, unsent invitations (needs SMTP_URL and RIPPLE_MAIL_FROM)
  remind [--webinar ID] [--wave post|followup] [--after-days N]
                       email a reminder to those who have not answered, last emailed N days
                       ago or more (default 3)

Links start with RIPPLE_PUBLIC_URL (default http://localhost:3000).`;

const CLI_DEFAULT_URL = 'http://localhost:3000';

function idOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 2_147_483_647) {
    throw new Error(`--${name} must be a positive whole number, not "${value}"`);
  }
  return Number(value);
}

function waveOption(value: string | undefined): SurveyWave | undefined {
  if (value === undefined) return undefined;
  if (!(SURVEY_WAVES as readonly string[]).includes(value)) {
    throw new Error(`--wave must be post or followup, not "${value}"`);
  }
  return value as SurveyWave;
}

/** Runs `pnpm ripple invitations …`; returns the exit code. */
export async function runInvitationsCommand(
  db: Kysely<Database>,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      webinar: { type: 'string' },
      wave: { type: 'string' },
      out: { type: 'string' },
      'followup-days': { type: 'string' },
      'after-days': { type: 'string' },
    },
  });
  const webinarId = idOption('webinar', values.webinar);
  const wave = waveOption(values.wave);
  const filters = {
    ...(webinarId !== undefined && { webinarId }),
    ...(wave && { wave }),
  };
  const config = surveyConfigFromEnv(env);
  const baseUrl = config.publicUrl ?? CLI_DEFAULT_URL;

  switch (sub) {
    case 'create': {
      if (webinarId === undefined || wave === undefined) {
        throw new Error(
          `create needs --webinar ID and --wave post|followup.\n\n${INVITATIONS_USAGE}`,
        );
      }
      const followupDelayDays = idOption('followup-days', values['followup-days']);
      try {
        const result = await createInvitations(db, {
          webinarId,
          wave,
          ...(followupDelayDays !== undefined && { followupDelayDays }),
        });
        console.log(
          `Webinar #${webinarId}, ${wave} wave: ${result.created} invitations created, ${result.existing} already existed ` +
            `(${result.attendees} attendees); due ${result.scheduledFor}, links expire ${result.expiresAt}.`,
        );
        return 0;
      } catch (error) {
        if (error instanceof InvitationError) {
          console.error(`ripple: ${error.message}`);
          return 1;
        }
        throw error;
      }
    }
    case 'export': {
      const csv = invitationsCsv(db, filters, baseUrl);
      if (values.out) await pipeline(csv, createWriteStream(values.out));
      else await pipeline(csv, process.stdout, { end: false });
      return 0;
    }
    case 'send':
    case 'remind': {
      if (!config.mail) {
        console.error(
          'ripple: email is not configured: set SMTP_URL (e.g. smtp://user:pass@host:587) and RIPPLE_MAIL_FROM, or use `invitations export`.',
        );
        return 1;
      }
      const afterDays = values['after-days'];
      if (afterDays !== undefined && !/^\d+$/.test(afterDays)) {
        throw new Error(`--after-days must be a whole number of days, not "${afterDays}"`);
      }
      const outcome = await mailInvitations(db, config.mail, {
        ...filters,
        kind: sub === 'send' ? 'invitation' : 'reminder',
        baseUrl,
        ...(afterDays !== undefined && { reminderGapDays: Number(afterDays) }),
      });
      console.log(describe(outcome));
      return outcome.failed.length > 0 ? 1 : 0;
    }
    default:
      throw new Error(`Unknown invitations command "${sub ?? ''}".\n\n${INVITATIONS_USAGE}`);
  }
}

function describe(outcome: MailOutcome): string {
  const what = outcome.kind === 'invitation' ? 'invitations' : 'reminders';
  const lines = [`${outcome.sent} ${what} sent, ${outcome.failed.length} failed.`];
  for (const f of outcome.failed.slice(0, 20)) {
    lines.push(`  invitation #${f.invitationId} <${f.email}>: ${f.error}`);
  }
  if (outcome.failed.length > 20) lines.push(`  … and ${outcome.failed.length - 20} more`);
  return lines.join('\n');
}
