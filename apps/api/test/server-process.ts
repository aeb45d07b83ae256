import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The real server process, run from its TypeScript source, as `pnpm start` runs it from dist:
// one node process with tsx's loader. Not the `tsx` command, which runs the server as a child of
// a process of its own that relays signals, and kills the child with SIGKILL when it has not
// acknowledged a SIGTERM within 30 ms: a server busy with a query at that moment dies with 143.
const apiDir = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and when it came. */
  exited: Promise<{ code: number | null; at: number }>;
  output: () => string;
}

/** The environment of a test server: a free port on 127.0.0.1, no demo, no inherited database. */
export function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    RIPPLE_DEMO: '0',
    ...extra,
  };
  if (!('DATABASE_URL' in extra)) delete env.DATABASE_URL;
  if (!('NODE_ENV' in extra)) delete env.NODE_ENV;
  return env;
}

export function runServer(env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', join(apiDir, 'src/server.ts')],
    { cwd: apiDir, env },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return { child, exited, output: () => output };
}

/** Starts the server and waits for its "running at" line; rejects with its output if it exits. */
export async function startServer(
  env: NodeJS.ProcessEnv,
): Promise<ServerProcess & { url: string }> {
  const started = runServer(env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Ripple is running at (http:\/\/\S+)/.exec(started.output());
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    void started.exited.then(({ code }) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}: ${started.output()}`));
    });
  });
  return { ...started, url };
}

/** SIGTERM, the way an operator stops it; resolves with the exit code. */
export async function stopServer(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return (await server.exited).code;
}
