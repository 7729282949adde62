/**
 * Maps a position in the transpiled submission back to the candidate's source, so a runtime
 * error can say "near line 7, column 12" of what the candidate wrote and the editor can mark it.
 *
 *   const map = sourcePositions(output.sourceMapText);
 *   candidatePosition(error, map)   → { line: 7, column: 12 } (1-based) or undefined
 */

/** One mapping segment: generated column → candidate line and column (all 0-based). */
type Segment = [generatedColumn: number, line: number, column: number];

/** Per 1-based generated line, its segments in order of generated column. */
export type SourcePositions = Segment[][];

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/**
 * The transpiled code runs inside `(function (module, exports, require) {` on its first line
 * (transpile.ts#moduleFactorySource): columns on that line are shifted by this much.
 */
export const FACTORY_PREFIX = '(function (module, exports, require) {';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a source map's VLQ "mappings" (one source file: the submission). */
export function sourcePositions(sourceMapText: string | undefined): SourcePositions {
  const map: SourcePositions = [];
  if (!sourceMapText) return map;
  let mappings: string;
  try {
    mappings = String((JSON.parse(sourceMapText) as { mappings?: unknown }).mappings ?? '');
  } catch {
    return map;
  }
  let line = 0;
  let column = 0;
  mappings.split(';').forEach((text, generatedLine) => {
    let generatedColumn = 0;
    const segments: Segment[] = [];
    for (const segment of text.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = ALPHABET.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        line += fields[2]!;
        column += fields[3]!;
        segments.push([generatedColumn, line, column]);
      }
    }
    map[generatedLine + 1] = segments;
  });
  return map;
}

/** The candidate's position for a 1-based line and column of the code an isolate ran. */
export function originalPosition(map: SourcePositions, line: number, column: number): SourcePosition | undefined {
  const segments = map[line];
  if (!segments || segments.length === 0) return undefined;
  const generated = column - 1 - (line === 1 ? FACTORY_PREFIX.length : 0);
  let best = segments[0]!;
  for (const segment of segments) {
    if (segment[0] > generated) break;
    best = segment;
  }
  return { line: best[1] + 1, column: best[2] + 1 };
}

/** Where in the candidate's file the error was raised: the innermost frame of submission.js in its stack. */
export function candidatePosition(error: unknown, map: SourcePositions): SourcePosition | undefined {
  const stack =
    error && typeof error === 'object' && 'stack' in error ? String((error as { stack: unknown }).stack) : '';
  const match = /submission\.(?:js|ts):(\d+):(\d+)/.exec(stack);
  if (!match) return undefined;
  return originalPosition(map, Number(match[1]), Number(match[2]));
}
