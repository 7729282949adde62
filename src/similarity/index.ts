/** Similarity detection between submissions: pure functions, no database (see README.md). */
export {
  normaliseCode,
  canonicalKerasJson,
  type NormalisedCode,
  type NormalisedToken,
  type SimilarityLanguage,
  type TokenKind,
} from './normalise.js';
export {
  codeSimilarity,
  DEFAULT_K,
  DEFAULT_MIN_MATCH,
  DEFAULT_MAX_TOKENS,
  type CodeSimilarity,
  type CodeSimilarityOptions,
  type LineRange,
  type MatchRegion,
  type SourceInput,
} from './code-similarity.js';
export {
  architectureSignature,
  asSignature,
  sameArchitecture,
  describeLayer,
  TopologyError,
  type ArchitectureSignature,
  type ArchitectureComparison,
  type LayerSignature,
} from './architecture.js';
export {
  findSimilarPairs,
  DEFAULT_THRESHOLD,
  REFERENCE_CANDIDATE,
  type FindSimilarOptions,
  type SimilarityFlag,
  type SimilarityReason,
  type SimilarityReport,
  type SubmissionForSimilarity,
} from './find-pairs.js';
