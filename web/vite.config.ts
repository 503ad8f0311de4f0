// Vite builds the web app into web/dist/, served by Vercors under /mail/ (ADR 0008). `npm run dev -w web`
// serves it from source and passes the API paths to a running Vercors (VERCORS_DEV_SERVER, by default the
// demo's http://127.0.0.1:8080).

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { pwaBuildPlugin } from './src/pwa/pwa-build-plugin.ts';

const server = process.env.VERCORS_DEV_SERVER ?? 'http://127.0.0.1:8080';
const toVercors = { target: server, changeOrigin: true, secure: false };

export default defineConfig({
  base: '/mail/',
  // pwaBuildPlugin: icons, manifest and service worker (web/src/pwa/, docs/webmail.md "Installing it").
  plugins: [react(), pwaBuildPlugin()],
  server: {
    proxy: {
      '/jmap': { ...toVercors, ws: true },
      '/auth': toVercors,
      '/login': toVercors,
      '/.well-known': toVercors,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The app's CSP has no 'unsafe-inline' for scripts: no inlined module preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
