/**
 * Whether a Markdown source may hold math for remark-math (`$…$` inline, `$$…$$` blocks). Any
 * dollar sign counts: a false positive costs one chunk fetch (a price in a code block, say),
 * a false negative would show raw TeX.
 */
export function mayHaveMath(source: string): boolean {
  return source.includes('$');
}

/** The source without its leading "# Title" line, which the page already shows as its h1. */
export function withoutTitle(source: string): string {
  return source.replace(/^\s*# [^\n]*\n/, '');
}
