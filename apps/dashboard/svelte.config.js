import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    // Cross-site form posts are refused in hooks.server.ts instead (src/lib/server/csrf.ts):
    // SvelteKit's Origin comparison would refuse the survey form, whose pages must send
    // `Referrer-Policy: no-referrer` and so make browsers send `Origin: null`.
    csrf: { trustedOrigins: ['*'] },
  },
};

export default config;
