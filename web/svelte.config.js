import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The portal is a single-page app (ssr = false in the root layout) built with adapter-node;
 * the fastify server imports `build/handler.js` and serves it beside /graphql and /files.
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
  },
};

export default config;
