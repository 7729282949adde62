import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { startTestApi, type TestApi } from './support/test-app.js';

/** The API serves the built web app (npm run build → dist/web) and a locally bundled GraphiQL. */
describe('web app and GraphiQL served by the API', () => {
  let api: TestApi;
  beforeAll(async () => {
    if (!existsSync('dist/web/index.html')) throw new Error('dist/web is missing: run npm run build first');
    api = await startTestApi();
  });
  afterAll(async () => api?.close());

  it('serves index.html at / with a strict CSP and no caching', async () => {
    const res = await api.http().get('/').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).toContain('<div id="root">');
    // No inline script: every <script> has a src.
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('answers client-side routes with index.html (history fallback)', async () => {
    const res = await api.http().get('/exercises/stable-softmax').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<div id="root">');
  });

  it("preloads the exercise page's statement and editor chunks with its HTML, and only there", async () => {
    const manifest = JSON.parse(readFileSync('dist/web/.vite/manifest.json', 'utf8')) as Record<
      string,
      { file: string }
    >;
    const res = await api.http().get('/exercises/stable-softmax').set('accept', 'text/html');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    for (const module of ['src/components/Markdown.tsx', 'src/components/CodeEditor.tsx']) {
      expect(res.text).toContain(`<link rel="modulepreload" crossorigin href="/${manifest[module].file}">`);
    }
    // Every preloaded file is served.
    for (const [, href] of res.text.matchAll(/rel="modulepreload" crossorigin href="([^"]+)"/g)) {
      expect((await api.http().get(href)).status).toBe(200);
    }
    const home = await api.http().get('/').set('accept', 'text/html');
    expect(home.text).not.toContain(manifest['src/components/Markdown.tsx'].file);
    // The manifest itself is not served.
    expect((await api.http().get('/.vite/manifest.json')).status).toBe(404);
  });

  it('answers the invitation link with the app, uncached and without referrer (the token is in the URL)', async () => {
    const res = await api.http().get('/assessments/start?token=abc').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('serves hashed assets with long-lived immutable caching and the right content type', async () => {
    const js = readdirSync('dist/web/assets').find((f) => f.endsWith('.js'))!;
    const res = await api.http().get(`/assets/${js}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await api.http().get('/assets/nope-123.js').set('accept', 'text/html');
    expect(missing.status).toBe(404);
  });

  it('sends a script precompressed in the encoding the browser prefers, and plain to one that accepts none', async () => {
    const js = readdirSync('dist/web/assets').find((f) => /^main-.*\.js$/.test(f))!;
    const size = (file: string) => String(statSync(`dist/web/assets/${file}`).size);
    const asked = (encodings: string) => api.http().head(`/assets/${js}`).set('accept-encoding', encodings);

    const br = await asked('gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-length']).toBe(size(`${js}.br`));
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const gzip = await asked('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['content-length']).toBe(size(`${js}.gz`));

    const plain = await asked('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-length']).toBe(size(js));
    // The compressed files are a quarter of the size or less.
    expect(Number(size(`${js}.br`))).toBeLessThan(Number(size(js)) / 4);
  });

  it('serves GraphiQL from local assets, no CDN', async () => {
    const res = await api.http().get('/graphiql').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<script type="module" crossorigin src="\/assets\/graphiql-[^"]+\.js">/);
    expect(res.text).not.toMatch(/https?:\/\//);
  });

  it('leaves /graphql to the API, with Apollo landing page off', async () => {
    const res = await api.http().get('/graphql').set('accept', 'text/html');
    expect(res.text).not.toContain('<div id="root">');
    expect(res.text).not.toMatch(/cdn|unpkg|jsdelivr/i);
  });

  it('does not charge the introspection query against the complexity limit', async () => {
    const res = await api.gql<{ __schema: { queryType: { name: string } } }>(getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    expect(res.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('GRAPHIQL=false', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ GRAPHIQL: 'false' });
  });
  afterAll(async () => api?.close());

  it('hides /graphiql', async () => {
    const res = await api.http().get('/graphiql').set('accept', 'text/html');
    expect(res.text).not.toContain('graphiql-');
  });
});
