/**
 * Guest program, runs first in every isolate: the bare isolate lacks what the tfjs UMD
 * bundles expect from a browser (`self`, `console`); give them just enough, and nothing that
 * reaches the host.
 *
 * `console` writes into a bounded buffer inside the isolate, off until the child calls
 * __dojoConsoleStart(maxChars, maxLines) (so tfjs's own messages while loading are not the
 * candidate's output); __dojoConsoleTake() hands back what was printed since, as JSON
 * `{ text, truncated }`, and empties the buffer (the limits count everything since the start). The child holds references to both
 * functions taken before candidate code runs, so replacing the globals changes nothing, and
 * re-checks the size it gets. Every intrinsic used is captured here, first.
 */
import type { ConsoleGlobals } from './console-globals.js';

const stringify = JSON.stringify;
const StringOf = String;
const isArray = Array.isArray;
const ErrorClass = Error;
const objectToString = Object.prototype.toString;
const floor = Math.floor;
const max = Math.max;

const scope = globalThis as unknown as Record<string, unknown>;
scope.self = globalThis;

let on = false;
let text = '';
let lines = 0;
let chars = 0;
let maxChars = 0;
let maxLines = 0;
let truncated = false;

/** One argument as console.log shows it: strings as they are, the rest as JSON where it can be. */
function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return StringOf(value);
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return '[Function' + (value.name ? ': ' + value.name : '') + ']';
  if (value instanceof ErrorClass) return value.stack || value.name + ': ' + value.message;
  // A tensor, or anything with its own toString, prints as it would in a browser console.
  try {
    const own = (value as { toString?: unknown }).toString;
    if (!isArray(value) && typeof own === 'function' && own !== objectToString) return StringOf(value);
    let size = 0;
    const json = stringify(value, (_key: string, v: unknown) => {
      size += 8 + (typeof v === 'string' ? v.length : 0);
      // Enough to read; the line limit cuts the rest.
      if (size > maxChars + 16) throw new ErrorClass('too long');
      return typeof v === 'bigint' ? StringOf(v) : v;
    });
    return json === undefined ? StringOf(value) : json;
  } catch {
    try {
      return StringOf(value);
    } catch {
      return '[object]';
    }
  }
}

function countLines(s: string): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/** Appends one printed line (it may hold newlines); past a limit keeps what fits and stops for good. */
function print(prefix: string, args: unknown[]): void {
  if (!on || truncated) return;
  let line = prefix;
  for (let i = 0; i < args.length; i++) line += (i > 0 ? ' ' : '') + show(args[i]);
  const n = countLines(line);
  if (lines + n <= maxLines && chars + line.length + 1 <= maxChars) {
    text += line + '\n';
    chars += line.length + 1;
    lines += n;
    return;
  }
  truncated = true;
  let piece = line.slice(0, max(0, floor(maxChars - chars - 1)));
  const linesLeft = maxLines - lines;
  let newlines = 0;
  for (let i = 0; i < piece.length; i++) {
    if (piece.charCodeAt(i) === 10 && ++newlines >= linesLeft) {
      piece = piece.slice(0, i);
      break;
    }
  }
  if (piece.length > 0 && linesLeft > 0) {
    text += piece + '\n';
    chars += piece.length + 1;
    lines += countLines(piece);
  }
}

const methods: [string, string][] = [
  ['log', ''],
  ['info', ''],
  ['debug', ''],
  ['warn', 'warn: '],
  ['error', 'error: '],
];
const consoleObject: Record<string, (...args: unknown[]) => void> = {};
for (const [name, prefix] of methods) {
  consoleObject[name] = (...args: unknown[]) => print(prefix, args);
}
scope.console = consoleObject;

const globals = globalThis as unknown as ConsoleGlobals;
globals.__dojoConsoleStart = (charsAllowed: number, linesAllowed: number) => {
  on = true;
  text = '';
  lines = 0;
  chars = 0;
  truncated = false;
  maxChars = charsAllowed;
  maxLines = linesAllowed;
};
globals.__dojoConsoleTake = () => {
  const out = stringify({ text, truncated });
  text = '';
  return out;
};
