/**
 * Preloads for the page routes whose first view needs lazily loaded chunks. The exercise page
 * shows its statement (the Markdown chunk: remark and highlighting; KaTeX is a dynamic import
 * of its own, fetched only for a statement with math) and its editor
 * (CodeMirror) at once, but the app only asks for those chunks after its own code has been
 * fetched, compiled and run: about 300 ms later on a cold cache. Served with the page's HTML,
 * `<link rel="modulepreload">` lets the browser fetch and compile them alongside the app.
 * Which files a source module became comes from Vite's build manifest (`build.manifest`).
 */
import { readFileSync } from 'node:fs';

/** A manifest entry: the emitted file, its static imports (manifest keys) and its CSS. */
export interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
export type ViteManifest = Record<string, ManifestChunk>;

/** Page routes and the lazily loaded source modules their first view needs. */
export const ROUTE_PRELOADS: readonly { path: RegExp; modules: readonly string[] }[] = [
  { path: /^\/exercises\/[^/]+\/?$/, modules: ['src/components/Markdown.tsx', 'src/components/CodeEditor.tsx'] },
];

/**
 * The `<link>` tags for `modules` and everything they import, leaving out what the app's entry
 * (`index.html`) already loads. A module the manifest does not know is skipped: a renamed
 * component costs the preload, never the page.
 */
export function preloadTags(manifest: ViteManifest, modules: readonly string[]): string[] {
  const loaded = new Set<string>();
  const visit = (key: string, into: Set<string>) => {
    if (into.has(key) || !manifest[key]) return;
    into.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported, into);
  };
  visit('index.html', loaded);
  const wanted = new Set<string>();
  for (const module of modules) visit(module, wanted);
  const tags: string[] = [];
  for (const key of wanted) {
    if (loaded.has(key)) continue;
    const chunk = manifest[key];
    tags.push(`<link rel="modulepreload" crossorigin href="/${chunk.file}">`);
    for (const css of chunk.css ?? []) tags.push(`<link rel="stylesheet" crossorigin href="/${css}">`);
  }
  return tags;
}

/** `html` with `tags` at the end of its head. */
export function withTags(html: string, tags: readonly string[]): string {
  return tags.length ? html.replace('</head>', `  ${tags.join('\n    ')}\n  </head>`) : html;
}

/** The manifest at `file`, or null when the build wrote none (the pages are then served without preloads). */
export function readManifest(file: string): ViteManifest | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ViteManifest;
  } catch {
    return null;
  }
}
