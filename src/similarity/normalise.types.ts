/** The normalised token stream of a submission (normalise.ts, normalise-python.ts). */

export type SimilarityLanguage = 'TYPESCRIPT' | 'JAVASCRIPT' | 'KERAS_JSON' | 'PYTHON';

export type TokenKind = 'identifier' | 'name' | 'keyword' | 'punctuation' | 'number' | 'string' | 'template';

export interface NormalisedToken {
  /** Normalised text: `$3` for the third declared identifier, `"relu"` for any 'relu' literal, ... */
  text: string;
  kind: TokenKind;
  /** 1-based line in the original source (in `canonical` for KERAS_JSON). */
  line: number;
}

export interface NormalisedCode {
  language: SimilarityLanguage;
  tokens: NormalisedToken[];
  /** KERAS_JSON only: the canonical JSON text the tokens (and their lines) come from. */
  canonical?: string;
  /** Number of lines of the source the line numbers refer to. */
  lineCount: number;
}
