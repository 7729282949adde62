import { describe, expect, it } from '@jest/globals';
import { preloadTags, ROUTE_PRELOADS, withTags, type ViteManifest } from './route-preloads.js';

const manifest: ViteManifest = {
  'index.html': { file: 'assets/main-1.js', imports: ['_react-1.js'], css: ['assets/main-1.css'] },
  '_react-1.js': { file: 'assets/react-1.js' },
  '_shared-1.js': { file: 'assets/shared-1.js', imports: ['_react-1.js'] },
  'src/components/Markdown.tsx': {
    file: 'assets/Markdown-1.js',
    imports: ['_react-1.js', '_shared-1.js'],
    css: ['assets/Markdown-1.css'],
  },
  'src/components/CodeEditor.tsx': { file: 'assets/CodeEditor-1.js', imports: ['_shared-1.js'] },
};

describe('route preloads', () => {
  it("preloads a route's lazy chunks, what they import and their CSS, each once, leaving out what the entry loads", () => {
    expect(preloadTags(manifest, ['src/components/Markdown.tsx', 'src/components/CodeEditor.tsx'])).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/Markdown-1.js">',
      '<link rel="stylesheet" crossorigin href="/assets/Markdown-1.css">',
      '<link rel="modulepreload" crossorigin href="/assets/shared-1.js">',
      '<link rel="modulepreload" crossorigin href="/assets/CodeEditor-1.js">',
    ]);
  });

  it('skips a module the manifest does not know', () => {
    expect(preloadTags(manifest, ['src/components/Gone.tsx'])).toEqual([]);
  });

  it('puts the tags at the end of the head, and changes nothing without tags', () => {
    const html = '<html><head><title>x</title></head><body></body></html>';
    expect(withTags(html, ['<link a>', '<link b>'])).toBe(
      '<html><head><title>x</title>  <link a>\n    <link b>\n  </head><body></body></html>',
    );
    expect(withTags(html, [])).toBe(html);
  });

  it('preloads the statement and the editor for exercise pages only', () => {
    const exercise = ROUTE_PRELOADS.find((r) => r.path.test('/exercises/stable-softmax'));
    expect(exercise?.modules).toEqual(['src/components/Markdown.tsx', 'src/components/CodeEditor.tsx']);
    for (const other of ['/', '/exercises', '/submissions/1', '/exercises/a/b']) {
      expect(ROUTE_PRELOADS.some((r) => r.path.test(other))).toBe(false);
    }
  });
});
