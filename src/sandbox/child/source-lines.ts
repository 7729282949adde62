/**
 * Maps a line of the transpiled submission back to the candidate's source, so a runtime
 * error can say "near line 7" of what the candidate wrote.
 */

/**
 * For each line of transpiled code, the line of the candidate's source it came from
 * (1-based), decoded from the source map's VLQ "mappings".
 */
export function lineMap(sourceMapText: string | undefined): number[] {
  const map: number[] = [];
  if (!sourceMapText) return map;
  let mappings: string;
  try {
    mappings = String((JSON.parse(sourceMapText) as { mappings?: unknown }).mappings ?? '');
  } catch {
    return map;
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let originalLine = 0;
  mappings.split(';').forEach((line, generatedLine) => {
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = alphabet.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      if (fields.length >= 4) {
        originalLine += fields[2];
        if (map[generatedLine + 1] === undefined) map[generatedLine + 1] = originalLine + 1;
      }
    }
  });
  return map;
}

/** "…(near line 7)" from the isolate's stack, if the error came from the candidate's file. */
export function candidateLine(error: unknown, lines: number[]): string {
  const stack =
    error && typeof error === 'object' && 'stack' in error ? String((error as { stack: unknown }).stack) : '';
  const match = /submission\.(?:js|ts):(\d+):(\d+)/.exec(stack);
  if (!match) return '';
  const line = lines[Number(match[1])];
  return line ? ` (near line ${line})` : '';
}
