/**
 * Flags pairs of submissions for a human to look at: near-identical code after normalising
 * names and formatting, or an identical architecture layer for layer. A flag is never a
 * verdict; it carries the reasons, the score and the evidence (matching line ranges).
 */
import { asSignature, describeLayer, type ArchitectureSignature } from './architecture.js';
import {
  comparePrepared,
  DEFAULT_K,
  DEFAULT_MAX_TOKENS,
  DEFAULT_MIN_MATCH,
  kgramJaccard,
  prepareBase,
  prepareCode,
  TokenDictionary,
  type CodeSimilarity,
  type PreparedCode,
  type SourceInput,
} from './code-similarity.js';
import type { SimilarityLanguage } from './normalise.js';

/** candidateId of reference solutions passed alongside the submissions. */
export const REFERENCE_CANDIDATE = 'reference';

/**
 * Default code-similarity threshold, for use WITH the exercise's starter code as `base`.
 * Measured on the test corpus (k = 5, minMatch = 8), starter as base: disguised copies score
 * 0.89 and 0.93, a disguised copy with three numbers changed 0.78, one with a junk
 * statement inserted after every layer 0.64; the most similar pair of independent solutions
 * (six of them plus the reference, 21 pairs) scores 0.41. Without the base, boilerplate both
 * kept from the starter lifts a starter edit against the reference to 0.65: pass the base.
 */
export const DEFAULT_THRESHOLD = 0.6;

export interface SubmissionForSimilarity {
  id: string;
  /** Who wrote it; `'reference'` for a reference solution. */
  candidateId: string;
  language: SimilarityLanguage;
  code: string;
  /**
   * The model topology the sandbox returned (`model.toJSON(null, false)`), when it built; or
   * its `architectureSignature` stored earlier (much smaller than the topology).
   */
  topology?: unknown;
  /** When set on both, only submissions to the same exercise are compared. */
  exerciseId?: string;
}

export interface FindSimilarOptions {
  /** Flag pairs whose code similarity score is at least this (0..1). */
  threshold?: number;
  /**
   * Code every candidate received (the exercise's starter): shared boilerplate does not
   * count. Pass it: the default threshold assumes it.
   */
  base?: SourceInput[];
  /** Topologies every candidate could submit unchanged (starter, baseline): not flagged as "same architecture". */
  baseTopologies?: unknown[];
  /** Tuning of the code comparison (see code-similarity.ts). */
  k?: number;
  minMatch?: number;
  maxTokens?: number;
}

export type SimilarityReason = 'CODE' | 'ARCHITECTURE';

export interface SimilarityFlag {
  a: { id: string; candidateId: string };
  b: { id: string; candidateId: string };
  reasons: SimilarityReason[];
  /** Code similarity, 0..1 (0 when the two cannot be compared as code). */
  score: number;
  /** The code comparison: score parts and matching regions (line ranges in each file). */
  code: CodeSimilarity;
  /** Present when the architectures are identical: the shared layers, readable. */
  architecture?: { inputShapes: (number | null)[][]; layers: string[] };
  /** One of the two is a reference solution. */
  againstReference: boolean;
  /** One readable sentence for the reviewer. */
  summary: string;
}

export interface SimilarityReport {
  flags: SimilarityFlag[];
  /** Pairs compared (different candidates, same exercise). */
  pairsCompared: number;
  /** Submissions whose topology could not be read (architecture not compared for them). */
  unreadableTopologies: { id: string; error: string }[];
}

/**
 * Compares every pair of submissions from different candidates (reference solutions
 * included, never two references) and returns the pairs to show a human, most similar first.
 */
export function findSimilarPairs(
  submissions: SubmissionForSimilarity[],
  options: FindSimilarOptions = {},
): SimilarityReport {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const k = options.k ?? DEFAULT_K;
  const minMatch = options.minMatch ?? DEFAULT_MIN_MATCH;
  const dict = new TokenDictionary();
  const base = prepareBase(options.base, dict, k);
  const prepared: PreparedCode[] = submissions.map((s) =>
    prepareCode(
      { code: s.code, language: s.language },
      dict,
      base,
      k,
      minMatch,
      options.maxTokens ?? DEFAULT_MAX_TOKENS,
    ),
  );

  const baseCodes = new Set((options.base ?? []).map((b) => ('code' in b ? b.code : undefined)));
  const unreadableTopologies: { id: string; error: string }[] = [];
  const baseKeys = new Set<string>();
  for (const t of options.baseTopologies ?? []) baseKeys.add(asSignature(t).key);
  const signatures: (ArchitectureSignature | undefined)[] = submissions.map((s) => {
    if (s.topology === undefined || s.topology === null) return undefined;
    try {
      return asSignature(s.topology);
    } catch (error) {
      unreadableTopologies.push({ id: s.id, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  });

  // score = (jaccard + coverage) / 2 and coverage <= 1, so a pair whose Jaccard is below
  // 2 * threshold - 1 cannot reach the threshold: skip the (costlier) tiling for it.
  const minJaccard = 2 * threshold - 1;
  const flags: SimilarityFlag[] = [];
  let pairsCompared = 0;
  for (let i = 0; i < submissions.length; i++) {
    for (let j = i + 1; j < submissions.length; j++) {
      let x = i;
      let y = j;
      const si = submissions[i];
      const sj = submissions[j];
      if (si.candidateId === sj.candidateId) continue;
      if (si.exerciseId !== undefined && sj.exerciseId !== undefined && si.exerciseId !== sj.exerciseId) continue;
      if (si.candidateId === REFERENCE_CANDIDATE) [x, y] = [j, i];
      pairsCompared++;
      const sa = signatures[x];
      const sb = signatures[y];
      const sameArch = sa !== undefined && sb !== undefined && sa.key === sb.key && !baseKeys.has(sa.key);
      // Byte-identical files are 100 % alike whatever the base removes (unless both are the base itself).
      const identical =
        submissions[x].code === submissions[y].code &&
        submissions[x].language === submissions[y].language &&
        !baseCodes.has(submissions[x].code);
      const codeWorth = identical || kgramJaccard(prepared[x], prepared[y]) >= minJaccard;
      if (!sameArch && !codeWorth) continue;
      const compared = comparePrepared(prepared[x], prepared[y], minMatch);
      const code = identical ? identicalCode(compared, submissions[x].code) : compared;
      const reasons: SimilarityReason[] = [];
      if (code.comparable && code.score >= threshold) reasons.push('CODE');
      if (sameArch) reasons.push('ARCHITECTURE');
      if (reasons.length === 0) continue;
      const a = submissions[x];
      const b = submissions[y];
      const againstReference = b.candidateId === REFERENCE_CANDIDATE;
      flags.push({
        a: { id: a.id, candidateId: a.candidateId },
        b: { id: b.id, candidateId: b.candidateId },
        reasons,
        score: code.score,
        code,
        ...(sameArch ? { architecture: { inputShapes: sa.inputShapes, layers: sa.layers.map(describeLayer) } } : {}),
        againstReference,
        summary: summarise(reasons, code, againstReference, sameArch ? sa.layers.length : 0),
      });
    }
  }
  flags.sort((p, q) => q.score - p.score || q.reasons.length - p.reasons.length);
  return { flags, pairsCompared, unreadableTopologies };
}

/** The comparison of two byte-identical files: score 1, and the whole file as evidence when tiling found none. */
function identicalCode(compared: CodeSimilarity, code: string): CodeSimilarity {
  const lines = code.split('\n').length;
  const whole = { a: { startLine: 1, endLine: lines }, b: { startLine: 1, endLine: lines }, tokens: compared.tokens.a };
  return {
    ...compared,
    comparable: true,
    score: 1,
    jaccard: 1,
    coverage: 1,
    regions: compared.regions.length > 0 ? compared.regions : [whole],
  };
}

function summarise(
  reasons: SimilarityReason[],
  code: CodeSimilarity,
  againstReference: boolean,
  layerCount: number,
): string {
  const parts: string[] = [];
  const other = againstReference ? 'the reference solution' : 'the other submission';
  if (reasons.includes('CODE')) {
    const lines = code.regions.length === 1 ? '1 matching region' : `${code.regions.length} matching regions`;
    parts.push(
      `code ${Math.round(code.score * 100)} % similar to ${other} after normalising names and formatting (${lines})`,
    );
  }
  if (reasons.includes('ARCHITECTURE'))
    parts.push(`the same architecture as ${other}, layer for layer (${layerCount} layers)`);
  return `${parts.join('; and ')}. For a human to review; not a verdict.`.replace(/^./, (c) => c.toUpperCase());
}
