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
    // Every rendered page gets a fresh nonce for SvelteKit's own inline start-up script, and
    // may load scripts, styles and data from its own origin only. Style *attributes* are
    // allowed: Svelte renders `style:width` (bars, chart heights) into them on the server; they
    // can set a colour or a size, not run code. Nothing may frame a page (clickjacking), post a
    // form elsewhere, or give the page a <base>. No page is prerendered: a prerendered page
    // would carry its policy in a <meta> tag, where frame-ancestors does not work.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        'style-src-attr': ['unsafe-inline'],
        'img-src': ['self'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['none'],
        'frame-ancestors': ['none'],
        'form-action': ['self'],
      },
    },
  },
};

export default config;
