import fp from 'fastify-plugin';
import { applyRetention } from '@ripple/db';

// Retention on a schedule: when RIPPLE_RETENTION_MONTHS is set, the server applies it once when
// it starts and then every day. `pnpm ripple retention` does the same by hand.

export const RETENTION_ENV = 'RIPPLE_RETENTION_MONTHS';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The retention period in whole months, or null (keep everything) when the setting is unset. */
export function retentionMonthsFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env[RETENTION_ENV]?.trim();
  if (!raw) return null;
  return parseRetentionMonths(raw, RETENTION_ENV);
}

export function parseRetentionMonths(raw: string, where: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1200) {
    throw new Error(`${where} must be a whole number of months from 1 to 1200, not "${raw}"`);
  }
  return Number(raw);
}

export interface RetentionScheduleOptions {
  months: number;
  /** Between runs; default a day. */
  intervalMs?: number;
}

export default fp<RetentionScheduleOptions>(
  (fastify, opts, done) => {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    const run = () => {
      // One run at a time; a slow run is not stacked on by the next tick.
      running ??= applyRetention(fastify.db, {
        months: opts.months,
        actor: { userId: null, label: 'retention schedule' },
      })
        .then((result) => {
          if (result.counts.people > 0) {
            fastify.log.info(
              { cutoff: result.cutoff, ...result.counts },
              'retention: personal data of inactive people removed',
            );
          }
        })
        .catch((error: unknown) => fastify.log.error({ err: error }, 'retention run failed'))
        .finally(() => {
          running = undefined;
        });
    };
    fastify.addHook('onReady', async () => {
      run();
      timer = setInterval(run, opts.intervalMs ?? DAY_MS);
      timer.unref();
    });
    fastify.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await running;
    });
    done();
  },
  { name: 'retention-schedule', dependencies: ['database'] },
);
