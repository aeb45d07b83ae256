import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      // Same default as `devApiUrl` in src/lib/server/api-url.ts, used for server rendering.
      '/api': process.env.RIPPLE_API_URL ?? 'http://127.0.0.1:3001',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
