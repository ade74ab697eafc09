import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

// In `vite dev` the API runs separately (npm run dev, port 3000); proxy it so cookies stay same-origin.
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [tailwindcss(), sveltekit()],
  server: {
    proxy: {
      '/graphql': api,
      '/files': api,
    },
  },
});
