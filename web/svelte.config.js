import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The hashes of app.html's inline scripts (the theme is applied before first paint), computed from
 * the file itself at every build, so an edit of the script cannot leave a stale hash behind.
 * @returns {`sha256-${string}`[]}
 */
function appHtmlScriptHashes() {
  const html = readFileSync(new URL('./src/app.html', import.meta.url), 'utf8');
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    ([, body]) =>
      /** @type {`sha256-${string}`} */ (
        `sha256-${createHash('sha256').update(body).digest('base64')}`
      ),
  );
}

/**
 * The portal is a single-page app (ssr = false in the root layout) built with adapter-node;
 * the fastify server imports `build/handler.js` and serves it beside /graphql and /files.
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    // This origin only; SvelteKit adds the hash of its own inline start-up script to script-src.
    // Styles allow 'unsafe-inline' for the style attributes components set (they cannot run code).
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self', ...appHtmlScriptHashes()],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'https:'],
        'font-src': ['self', 'data:'], // vite inlines the smallest @fontsource subsets as data: URLs
        'connect-src': ['self'],
        'frame-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
