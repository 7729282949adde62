import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Two entries: the candidates' app (index.html) and GraphiQL (graphiql.html), both bundled
 * locally, so nothing is ever loaded from a CDN. Output goes to dist/web, which the API serves.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  // Each script and stylesheet also as .br and .gz, which the API sends to browsers that accept
  // them (src/web/web-app.ts): compressed once at build time, never per request.
  plugins: [compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|css|svg)$/, logLevel: 'silent' })],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: which chunks a lazily loaded page part needs, so the API can
    // preload them with the HTML of the routes that use them (src/web/route-preloads.ts).
    manifest: true,
    // The polyfill would be a module script of its own; every browser we target has modulepreload.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: { main: `${root}index.html`, graphiql: `${root}graphiql.html` },
      // Libraries marked "use client" for server components; meaningless in a browser bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:3000', ws: true } },
  },
});
