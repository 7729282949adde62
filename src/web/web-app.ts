import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { AppConfig } from '../config/config.js';
import { preloadTags, readManifest, ROUTE_PRELOADS, withTags } from './route-preloads.js';

/**
 * Strict policy for every page the API serves: scripts only from this origin (Vite emits no
 * inline script), GraphQL and its WebSocket only to this origin. Inline styles stay allowed:
 * KaTeX, CodeMirror and GraphiQL position things with style attributes; a style cannot run code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths the API answers itself; the single-page app's history fallback never shadows them. */
const API_PATHS = /^\/(graphql|healthz|readyz)(\/|$)/;

/**
 * Serves the built web app (`vite build` → `WEB_DIR`, default dist/web) at `/`: hashed files
 * under /assets/ cached for a year and sent precompressed, index.html never cached, any other page path answered with
 * index.html (client-side routes), and GraphiQL at /graphiql when `config.GRAPHIQL` is on.
 */
export function serveWebApp(app: INestApplication, config: AppConfig): void {
  const dir = path.resolve(config.WEB_DIR);
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('web').warn(`${index} is missing: the web app is not served (npm run build makes it)`);
    return;
  }
  const noCache = (res: Pick<ServerResponse, 'setHeader'>) => res.setHeader('cache-control', 'no-cache');
  const securityHeaders = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'same-origin');
    next();
  };
  const sendPage = (file: string) => (_req: Request, res: Response) => {
    noCache(res);
    res.sendFile(file);
  };
  // Routes whose first view needs lazy chunks get index.html with those chunks preloaded.
  const manifest = readManifest(path.join(dir, '.vite', 'manifest.json'));
  const indexHtml = readFileSync(index, 'utf8');
  const preloadedPages = ROUTE_PRELOADS.map((route) => ({
    path: route.path,
    html: withTags(indexHtml, manifest ? preloadTags(manifest, route.modules) : []),
  }));
  app.use((req: Request, res: Response, next: NextFunction) =>
    API_PATHS.test(req.path) ? next() : securityHeaders(req, res, next),
  );
  if (config.GRAPHIQL) app.use('/graphiql', exactPath(sendPage(path.join(dir, 'graphiql.html'))));
  app.use(
    // Scripts and stylesheets as the build precompressed them (web/vite.config.ts): Brotli or gzip,
    // whichever the browser accepts, else the plain file. About a quarter of the bytes to move.
    expressStaticGzip(dir, {
      enableBrotli: true,
      orderPreference: ['br', 'gz'],
      index: false,
      serveStatic: {
        index: false,
        // graphiql.html only through /graphiql, so turning GraphiQL off really hides it.
        setHeaders: (res: ServerResponse, file: string) => {
          if (file.startsWith(path.join(dir, 'assets') + path.sep)) {
            res.setHeader('cache-control', 'public, max-age=31536000, immutable');
          } else noCache(res);
        },
      },
    }),
  );
  // The invitation link carries its token in the URL: the app's page for it, kept out of caches
  // and Referer headers (StartPageController answers a static page when the app is not built).
  app.use('/assessments/start', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!(req.headers.accept ?? '').includes('text/html') || (req.path !== '/' && req.path !== '')) return next();
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.sendFile(index);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !API_PATHS.test(req.path) &&
      !req.path.startsWith('/assets/') &&
      !/\.[a-z0-9]+$/i.test(req.path) &&
      (req.headers.accept ?? '').includes('text/html');
    if (!isPage) return next();
    const preloaded = preloadedPages.find((page) => page.path.test(req.path));
    if (!preloaded) return sendPage(index)(req, res);
    noCache(res);
    res.type('html').send(preloaded.html);
  });
}

function exactPath(handler: (req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction) =>
    (req.path === '/' || req.path === '') && (req.method === 'GET' || req.method === 'HEAD')
      ? handler(req, res)
      : next();
}
