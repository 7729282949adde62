/**
 * Code similarity of two submissions, on their normalised token streams (normalise.ts).
 *
 * Two measures, both blind to names and formatting:
 *   - k-gram Jaccard: the sets of k consecutive tokens of each file, compared as sets. Inside
 *     each k-gram, identifiers are renumbered by first appearance in that k-gram, so a
 *     statement swap or an extra variable early in the file does not change the k-grams
 *     further down (global first-appearance numbers would all shift). Swapping two
 *     independent statements only changes the few k-grams that straddle them.
 *   - Greedy string tiling (the algorithm behind JPlag): repeatedly take the longest common
 *     runs of tokens not yet covered, at least `minMatch` long, as tiles. Unlike a longest
 *     common subsequence it finds moved blocks too, and its tiles are the evidence: line
 *     ranges in each original file. Coverage = 2 * tiled tokens / (tokens of a + tokens of b).
 *     Here identifiers all compare equal (only their kind matters), as in JPlag.
 * The score is the mean of the two: coverage alone is high for two short files that share a
 * few API-shaped lines; Jaccard alone drops fast for a copy with one changed number per line.
 *
 * Code everybody was given (the exercise's starter) can be passed as `base`: tokens inside
 * k-grams that also occur in the base are left out of both measures, so two candidates who
 * kept the same boilerplate are not similar for that reason.
 */
import { normaliseCode, type NormalisedCode, type SimilarityLanguage } from './normalise.js';

export interface CodeSimilarityOptions {
  /** k-gram length, in normalised tokens. */
  k?: number;
  /** Shortest run of tokens that counts as a tile. */
  minMatch?: number;
  /** Tokens compared per file at most (the rest is ignored and `truncated` set); bounds the tiling cost. */
  maxTokens?: number;
  /** Code every candidate received (starter code): matches inside it do not count. */
  base?: SourceInput[];
}

export type SourceInput = { code: string; language: SimilarityLanguage } | NormalisedCode;

export interface LineRange {
  startLine: number;
  endLine: number;
}

/** One region of `a` that matches one region of `b`. */
export interface MatchRegion {
  a: LineRange;
  b: LineRange;
  /** Normalised tokens matched in this region. */
  tokens: number;
}

export interface CodeSimilarity {
  /** False when the two cannot be compared as code (KERAS_JSON against a script). */
  comparable: boolean;
  /** 0..1, the mean of `jaccard` and `coverage`. */
  score: number;
  /** k-gram Jaccard over the tokens outside the base code. */
  jaccard: number;
  /** Share of the tokens (outside the base) covered by tiles. */
  coverage: number;
  /** Normalised token counts, and how many of them were inside the base code. */
  tokens: { a: number; b: number; baseA: number; baseB: number };
  /** True when a file was longer than `maxTokens` and only its beginning was compared. */
  truncated: boolean;
  /** Matching regions, in the order they appear in `a`; for KERAS_JSON, lines of the canonical text. */
  regions: MatchRegion[];
}

export const DEFAULT_K = 5;
export const DEFAULT_MIN_MATCH = 8;
/** Solutions here are 150-400 tokens; tiling two files of this cap costs ~0.1 s per round. */
export const DEFAULT_MAX_TOKENS = 8000;

/** Interns token keys to small integers so that tiling compares numbers. */
export class TokenDictionary {
  private readonly ids = new Map<string, number>();
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** A submission made ready for many comparisons (see `prepareCode`). */
export interface PreparedCode {
  normalised: NormalisedCode;
  /** Interned comparison key per token (identifiers all share one key). */
  keys: Int32Array;
  /** 1 where the token lies inside a k-gram of the base code. */
  inBase: Uint8Array;
  baseCount: number;
  truncated: boolean;
  /** k-grams (identifiers renumbered inside each) not found in the base code. */
  kgrams: Set<string>;
}

/** The k-grams of a token stream, identifiers renumbered by first appearance within each k-gram. */
export function kgrams(code: NormalisedCode, k: number): string[] {
  const out: string[] = [];
  const tokens = code.tokens;
  for (let i = 0; i + k <= tokens.length; i++) {
    const local = new Map<string, number>();
    const parts: string[] = [];
    for (let j = i; j < i + k; j++) {
      const t = tokens[j];
      if (t.kind === 'identifier') {
        let n = local.get(t.text);
        if (n === undefined) {
          n = local.size;
          local.set(t.text, n);
        }
        parts.push(`#${n}`);
      } else parts.push(t.text);
    }
    out.push(parts.join('\u0001'));
  }
  return out;
}

function asNormalised(input: SourceInput): NormalisedCode {
  return 'tokens' in input ? input : normaliseCode(input.code, input.language);
}

/** Base code made ready for `prepareCode`: its tokens (for tiling) and its k-grams. */
export interface PreparedBase {
  keys: Int32Array[];
  kgrams: Set<string>;
}

/** Prepares the base code(s) (what every candidate was given) against one dictionary. */
export function prepareBase(base: SourceInput[] | undefined, dict: TokenDictionary, k = DEFAULT_K): PreparedBase {
  const prepared: PreparedBase = { keys: [], kgrams: new Set() };
  for (const b of base ?? []) {
    const normalised = asNormalised(b);
    prepared.keys.push(keysOf(normalised, dict));
    for (const g of kgrams(normalised, k)) prepared.kgrams.add(g);
  }
  return prepared;
}

function keysOf(code: NormalisedCode, dict: TokenDictionary): Int32Array {
  const tokens = code.tokens;
  const keys = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++)
    keys[i] = dict.id(tokens[i].kind === 'identifier' ? '\u0000id' : `${tokens[i].kind}\u0000${tokens[i].text}`);
  return keys;
}

/**
 * Normalises (if needed) and prepares one submission for comparisons. Base code is removed
 * in two ways: tokens in runs of at least `minMatch` tokens shared with the base (found by
 * tiling against it) are excluded from tiling, and k-grams that occur in the base are
 * excluded from the Jaccard sets (the approach of MOSS).
 */
export function prepareCode(
  input: SourceInput,
  dict: TokenDictionary,
  base: PreparedBase = { keys: [], kgrams: new Set() },
  k = DEFAULT_K,
  minMatch = DEFAULT_MIN_MATCH,
  maxTokens = DEFAULT_MAX_TOKENS,
): PreparedCode {
  const full = asNormalised(input);
  const truncated = full.tokens.length > maxTokens;
  const normalised = truncated ? { ...full, tokens: full.tokens.slice(0, maxTokens) } : full;
  const keys = keysOf(normalised, dict);
  const inBase = new Uint8Array(keys.length);
  for (const baseKeys of base.keys) {
    for (const tile of greedyStringTiling(keys, baseKeys, inBase, new Uint8Array(baseKeys.length), minMatch))
      inBase.fill(1, tile.a, tile.a + tile.length);
  }
  const own = new Set<string>();
  for (const g of kgrams(normalised, k)) if (!base.kgrams.has(g)) own.add(g);
  let baseCount = 0;
  for (const b of inBase) baseCount += b;
  return { normalised, keys, inBase, baseCount, truncated, kgrams: own };
}

/** Jaccard of the k-gram sets of two prepared submissions (cheap; used to skip tiling for unrelated pairs). */
export function kgramJaccard(a: PreparedCode, b: PreparedCode): number {
  const [small, large] = a.kgrams.size <= b.kgrams.size ? [a.kgrams, b.kgrams] : [b.kgrams, a.kgrams];
  let shared = 0;
  for (const g of small) if (large.has(g)) shared++;
  const union = a.kgrams.size + b.kgrams.size - shared;
  return union === 0 ? 0 : shared / union;
}

interface Tile {
  a: number;
  b: number;
  length: number;
}

/**
 * Greedy string tiling. Each round finds every maximal common run of unmarked tokens at
 * least `minMatch` long (one dynamic-programming pass over a × b), then keeps them longest
 * first as long as they do not overlap a tile already kept; rounds repeat until none is
 * found. Tokens marked beforehand (base code) never join a tile.
 */
export function greedyStringTiling(
  ka: Int32Array,
  kb: Int32Array,
  markA: Uint8Array,
  markB: Uint8Array,
  minMatch: number,
): Tile[] {
  const n = ka.length;
  const m = kb.length;
  const usedA = Uint8Array.from(markA);
  const usedB = Uint8Array.from(markB);
  const tiles: Tile[] = [];
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (;;) {
    const runs: Tile[] = [];
    prev.fill(0);
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= m; j++) {
        // cur[j + 1]: length of the common run ending at a[i], b[j].
        const v = i < n && j < m && usedA[i] === 0 && usedB[j] === 0 && ka[i] === kb[j] ? prev[j] + 1 : 0;
        if (j < m) cur[j + 1] = v;
        // The run ending at a[i-1], b[j-1] is maximal when it does not continue to a[i], b[j].
        const ended = prev[j];
        if (ended >= minMatch && v === 0) runs.push({ a: i - ended, b: j - ended, length: ended });
      }
      [prev, cur] = [cur, prev];
    }
    if (runs.length === 0) break;
    runs.sort((x, y) => y.length - x.length || x.a - y.a || x.b - y.b);
    let added = 0;
    for (const run of runs) {
      let free = true;
      for (let t = 0; t < run.length && free; t++) if (usedA[run.a + t] || usedB[run.b + t]) free = false;
      if (!free) continue;
      usedA.fill(1, run.a, run.a + run.length);
      usedB.fill(1, run.b, run.b + run.length);
      tiles.push(run);
      added++;
    }
    if (added === 0) break;
  }
  return tiles.sort((x, y) => x.a - y.a);
}

function family(language: SimilarityLanguage): string {
  return language === 'JAVASCRIPT' ? 'TYPESCRIPT' : language;
}

/** Compares two prepared submissions. */
export function comparePrepared(a: PreparedCode, b: PreparedCode, minMatch = DEFAULT_MIN_MATCH): CodeSimilarity {
  const tokens = { a: a.keys.length, b: b.keys.length, baseA: a.baseCount, baseB: b.baseCount };
  const truncated = a.truncated || b.truncated;
  // TypeScript and JavaScript compare with each other; Python and Keras JSON only with their own kind.
  if (family(a.normalised.language) !== family(b.normalised.language)) {
    return { comparable: false, score: 0, jaccard: 0, coverage: 0, tokens, truncated, regions: [] };
  }
  const jaccard = kgramJaccard(a, b);
  const tiles = greedyStringTiling(a.keys, b.keys, a.inBase, b.inBase, minMatch);
  const tiled = tiles.reduce((s, t) => s + t.length, 0);
  const available = tokens.a - tokens.baseA + (tokens.b - tokens.baseB);
  const coverage = available === 0 ? 0 : (2 * tiled) / available;
  return {
    comparable: true,
    score: (jaccard + coverage) / 2,
    jaccard,
    coverage,
    tokens,
    truncated,
    regions: regionsOf(tiles, a.normalised, b.normalised),
  };
}

/** Turns tiles into line ranges, merging tiles that follow each other closely in both files. */
function regionsOf(tiles: Tile[], a: NormalisedCode, b: NormalisedCode): MatchRegion[] {
  // end positions are exclusive
  const merged: { a: number; b: number; endA: number; endB: number; matched: number }[] = [];
  for (const t of tiles) {
    const last = merged[merged.length - 1];
    const gapA = last ? t.a - last.endA : -1;
    const gapB = last ? t.b - last.endB : -1;
    if (last && gapA >= 0 && gapA <= 3 && gapB >= 0 && gapB <= 3) {
      last.endA = t.a + t.length;
      last.endB = t.b + t.length;
      last.matched += t.length;
    } else merged.push({ a: t.a, b: t.b, endA: t.a + t.length, endB: t.b + t.length, matched: t.length });
  }
  return merged.map((r) => ({
    a: { startLine: a.tokens[r.a].line, endLine: a.tokens[r.endA - 1].line },
    b: { startLine: b.tokens[r.b].line, endLine: b.tokens[r.endB - 1].line },
    tokens: r.matched,
  }));
}

/**
 * Similarity of two submissions (0..1) with the matching regions as evidence. Robust to
 * renaming, reformatting, comments, type annotations and reordered statements.
 */
export function codeSimilarity(a: SourceInput, b: SourceInput, options: CodeSimilarityOptions = {}): CodeSimilarity {
  const k = options.k ?? DEFAULT_K;
  const minMatch = options.minMatch ?? DEFAULT_MIN_MATCH;
  const dict = new TokenDictionary();
  const base = prepareBase(options.base, dict, k);
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  return comparePrepared(
    prepareCode(a, dict, base, k, minMatch, maxTokens),
    prepareCode(b, dict, base, k, minMatch, maxTokens),
    minMatch,
  );
}
