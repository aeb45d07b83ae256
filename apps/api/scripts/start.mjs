#!/usr/bin/env node
// `pnpm start`: builds what changed since the last build (nothing, usually: a restart then
// takes a second instead of ten), then runs the server in this same process, so signals reach it.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const UNITS = [
  {
    name: '@ripple/db',
    output: 'packages/db/dist/index.js',
    inputs: ['packages/db/src', 'packages/db/package.json', 'packages/db/tsconfig.build.json'],
  },
  {
    name: '@ripple/api',
    output: 'apps/api/dist/server.js',
    inputs: ['apps/api/src', 'apps/api/package.json', 'apps/api/tsconfig.build.json'],
  },
  {
    name: '@ripple/dashboard',
    output: 'apps/dashboard/build/handler.js',
    inputs: [
      'apps/dashboard/src',
      'apps/dashboard/static',
      'apps/dashboard/package.json',
      'apps/dashboard/svelte.config.js',
      'apps/dashboard/vite.config.ts',
      'packages/db/src/schema.ts',
    ],
  },
];
const SHARED_INPUTS = ['pnpm-lock.yaml', 'tsconfig.base.json'];

/** Newest modification time under a path (a file, or a directory walked recursively). */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const stale = UNITS.filter((unit) => {
  let built;
  try {
    built = statSync(join(root, unit.output)).mtimeMs;
  } catch {
    return true;
  }
  return [...unit.inputs, ...SHARED_INPUTS].some((input) => newest(join(root, input)) > built);
});

if (stale.length > 0) {
  console.error(`Building ${stale.map((u) => u.name).join(', ')}…`);
  const filters = stale.flatMap((unit) => ['--filter', unit.name]);
  const result = spawnSync('pnpm', [...filters, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import('../dist/server.js');
