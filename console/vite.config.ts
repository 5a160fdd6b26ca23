// Builds the console into dist/console, served by the platform under /console/
// (src/server/console-site.ts). `npm run build:console`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // Keep the default hashed names in assets/: the server caches them for a year.
    assetsDir: 'assets',
    // Each page is a part loaded when opened (src/menus.tsx); what pages share would otherwise make
    // many parts of a few hundred bytes, each a request: those under 4 kB are merged.
    rollupOptions: { output: { experimentalMinChunkSize: 4_000 } },
  },
  server: {
    // `npx vite --config console/vite.config.ts` during development, against `npm start` on 5005.
    proxy: { '/api': 'http://localhost:5005' },
  },
});
