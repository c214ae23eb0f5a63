import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('./client', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/client', import.meta.url));
const API_PATHS = '^/api(/[^.?]*)?(\\?.*)?$';
const API_TARGET = 'http://127.0.0.1:3000';

// The client lives in client/ and is built to dist/client, which the server serves with an SPA fallback.
export default defineConfig({
  root,
  // Svelte 5 compiles TypeScript itself: no preprocessors, so no svelte.config.js.
  plugins: [svelte({ configFile: false })],
  // Fonts, the MapLibre worker and every other asset are bundled: the app must run air-gapped.
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // MapLibre alone is ~1 MB minified; it gets its own long-cacheable chunk instead of a warning.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ }],
        },
      },
    },
  },
  // The API runs on :3000 during development. Only extension-less paths are proxied: /api/client.ts is
  // the client's own module (client/api/), not an API route.
  server: { proxy: { [API_PATHS]: API_TARGET } },
  preview: { proxy: { [API_PATHS]: API_TARGET } },
});
