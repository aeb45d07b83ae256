import { defineConfig } from 'vitest/config';

// Browser tests: the built server (`pnpm build` first) in a real Chromium from Debian's packages.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
