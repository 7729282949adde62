/**
 * Host-side comparison of a candidate's return value with the expected value of a test.
 * Expected values never enter the sandbox; this runs in the worker on the decoded output.
 *
 * Rules (per test, `compare:` in tests.yaml):
 *   number   one number, |got − expected| ≤ atol + rtol·|expected| (NaN only matches NaN,
 *            ±Infinity only the same infinity)
 *   integer  one number that is exactly an integer and equal (2.0000001 is not 2)
 *   array    a nested numeric array: the shape is checked first and a mismatch is reported
 *            as a shape error, then every element with the number rule (or exactly, as
 *            integers, with dtype: int)
 *   shape    a list of non-negative integers describing a tensor shape, compared exactly
 *   exact    deep equality of any JSON value (NaN equals NaN; object key sets must match)
 *   object   an object whose listed fields each have their own rule; extra fields are ignored
 */
import { Unsupported } from '../sandbox/wire.js';

export const DEFAULT_RTOL = 1e-5;
export const DEFAULT_ATOL = 1e-8;

export type CompareRule =
  | { kind: 'number'; rtol?: number; atol?: number }
  | { kind: 'integer' }
  | { kind: 'array'; rtol?: number; atol?: number; dtype?: 'float' | 'int' }
  | { kind: 'shape' }
  | { kind: 'exact' }
  | { kind: 'object'; fields: Record<string, CompareRule> };

export type Comparison = { ok: true } | { ok: false; reason: string };

const OK: Comparison = { ok: true };
const fail = (reason: string): Comparison => ({ ok: false, reason });

/**
 * A short, readable rendering of a value (NaN and Infinity included), cut at `max` characters.
 * Control characters are written as escapes: the text is stored in PostgreSQL, which refuses
 * U+0000, and a candidate's value must never turn their failed test into our error.
 */
export function formatValue(value: unknown, max = 200): string {
  const text = escapeControls(render(value, 0));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An object key as written in code: bare when it is an identifier, quoted otherwise. */
function renderKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

function render(v: unknown, depth: number): string {
  if (depth > 20) return '…';
  if (v === undefined) return 'undefined';
  if (v instanceof Unsupported) return `<${v.description}>`;
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => render(x, depth + 1)).join(', ')}]`;
  if (typeof v === 'object') {
    return `{ ${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${renderKey(k)}: ${render(x, depth + 1)}`)
      .join(', ')} }`;
  }
  return String(v);
}

/** What a value is, for messages: "a string", "an array of length 3", "undefined"… */
export function describeType(v: unknown): string {
  if (v === undefined) return 'undefined (nothing was returned)';
  if (v === null) return 'null';
  if (v instanceof Unsupported) return escapeControls(v.description);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v === 'number' ? `the number ${formatValue(v)}` : `a ${typeof v}`;
}

function where(path: string): string {
  return path ? ` at ${path}` : '';
}

export function numbersClose(expected: number, got: number, rtol = DEFAULT_RTOL, atol = DEFAULT_ATOL): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(got);
  if (!Number.isFinite(expected)) return got === expected;
  if (!Number.isFinite(got)) return false;
  return Math.abs(got - expected) <= atol + rtol * Math.abs(expected);
}

/**
 * The shape of a rectangular nested array ([] for a scalar); for a ragged one, a message
 * naming the first row whose length differs.
 */
export function shapeOf(value: unknown, path = ''): { shape: number[] } | { ragged: string } {
  if (!Array.isArray(value)) return { shape: [] };
  if (value.length === 0) return { shape: [0] };
  const first = shapeOf(value[0], `${path}[0]`);
  if ('ragged' in first) return first;
  for (let i = 1; i < value.length; i++) {
    const s = shapeOf(value[i], `${path}[${i}]`);
    if ('ragged' in s) return s;
    if (s.shape.length !== first.shape.length || s.shape.some((d, j) => d !== first.shape[j])) {
      return {
        ragged: `${path}[${i}] has shape [${s.shape.join(', ')}] but ${path}[0] has [${first.shape.join(', ')}]`,
      };
    }
  }
  return { shape: [value.length, ...first.shape] };
}

export function compareValues(expected: unknown, got: unknown, rule: CompareRule, path = ''): Comparison {
  switch (rule.kind) {
    case 'number':
      return compareNumber(expected as number, got, rule.rtol, rule.atol, path);
    case 'integer':
      return compareInteger(expected as number, got, path);
    case 'array':
      return compareArray(expected, got, rule, path);
    case 'shape':
      return compareShape(expected as number[], got, path);
    case 'exact':
      return deepEqual(expected, got)
        ? OK
        : fail(`expected ${formatValue(expected)}, got ${formatValue(got)}${where(path)}`);
    case 'object': {
      if (got === null || typeof got !== 'object' || Array.isArray(got) || got instanceof Unsupported) {
        return fail(
          `expected an object with the fields ${Object.keys(rule.fields).join(', ')}, got ${describeType(got)}${where(path)}`,
        );
      }
      const g = got as Record<string, unknown>;
      const e = expected as Record<string, unknown>;
      for (const [field, sub] of Object.entries(rule.fields)) {
        const p = `${path}.${field}`;
        if (!Object.prototype.hasOwnProperty.call(g, field))
          return fail(`the field "${field}" is missing${where(path)}`);
        const r = compareValues(e[field], g[field], sub, p);
        if (!r.ok) return r;
      }
      return OK;
    }
  }
}

function compareNumber(
  expected: number,
  got: unknown,
  rtol: number | undefined,
  atol: number | undefined,
  path: string,
): Comparison {
  if (typeof got !== 'number') return fail(`expected a number, got ${describeType(got)}${where(path)}`);
  if (numbersClose(expected, got, rtol, atol)) return OK;
  if (!Number.isFinite(got) && Number.isFinite(expected))
    return fail(
      `expected ${formatValue(expected)}, got ${formatValue(got)}${where(path)} (overflow or a division by zero?)`,
    );
  return fail(`expected ${formatValue(expected)}, got ${formatValue(got)}${where(path)}`);
}

function compareInteger(expected: number, got: unknown, path: string): Comparison {
  if (typeof got !== 'number') return fail(`expected the integer ${expected}, got ${describeType(got)}${where(path)}`);
  if (!Number.isInteger(got))
    return fail(
      `expected the integer ${expected}, got ${formatValue(got)}${where(path)}, which is not a whole number (round or floor it?)`,
    );
  return got === expected ? OK : fail(`expected ${expected}, got ${got}${where(path)}`);
}

function compareShape(expected: number[], got: unknown, path: string): Comparison {
  const e = `[${expected.join(', ')}]`;
  if (!Array.isArray(got)) return fail(`expected the shape ${e}, got ${describeType(got)}${where(path)}`);
  const bad = got.findIndex((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0);
  if (bad >= 0)
    return fail(
      `expected the shape ${e}, got ${formatValue(got)}${where(path)}: dimension ${bad} is not a non-negative integer`,
    );
  if (got.length !== expected.length)
    return fail(
      `expected the shape ${e} (rank ${expected.length}), got ${formatValue(got)} (rank ${got.length})${where(path)}`,
    );
  const diff = expected.findIndex((d, i) => d !== got[i]);
  if (diff >= 0)
    return fail(`expected the shape ${e}, got ${formatValue(got)}${where(path)}: dimension ${diff} differs`);
  return OK;
}

function compareArray(
  expected: unknown,
  got: unknown,
  rule: { rtol?: number; atol?: number; dtype?: 'float' | 'int' },
  path: string,
): Comparison {
  const es = shapeOf(expected);
  if ('ragged' in es) return compareRagged(expected as unknown[], got, rule, path);
  const shape = `[${es.shape.join(', ')}]`;
  if (!Array.isArray(got)) return fail(`expected an array of shape ${shape}, got ${describeType(got)}${where(path)}`);
  const gs = shapeOf(got);
  if ('ragged' in gs)
    return fail(`shape error${where(path)}: expected shape ${shape}, got a ragged array (${gs.ragged})`);
  if (gs.shape.length !== es.shape.length || gs.shape.some((d, i) => d !== es.shape[i])) {
    return fail(`shape error${where(path)}: expected shape ${shape}, got [${gs.shape.join(', ')}]`);
  }
  const exp = (expected as unknown[]).flat(Infinity) as number[];
  const act = (got as unknown[]).flat(Infinity);
  const index = (flat: number) => {
    const idx: number[] = [];
    for (let d = es.shape.length - 1; d >= 0; d--) {
      idx.unshift(flat % es.shape[d]);
      flat = Math.floor(flat / es.shape[d]);
    }
    return `${path}${idx.map((i) => `[${i}]`).join('')}`;
  };
  let first: string | undefined;
  let wrong = 0;
  for (let i = 0; i < exp.length; i++) {
    const g = act[i];
    let problem: string | undefined;
    if (typeof g !== 'number') problem = `expected a number, got ${describeType(g)}`;
    else if (rule.dtype === 'int' && !Number.isInteger(g))
      problem = `expected the integer ${formatValue(exp[i])}, got ${formatValue(g)}, which is not a whole number`;
    else if (rule.dtype === 'int' ? g !== exp[i] : !numbersClose(exp[i], g, rule.rtol, rule.atol))
      problem = `expected ${formatValue(exp[i])}, got ${formatValue(g)}`;
    if (problem) {
      wrong++;
      first ??= `${problem} at ${index(i)}`;
    }
  }
  if (wrong === 0) return OK;
  return fail(wrong === 1 ? first! : `${wrong} of ${exp.length} elements are wrong; the first: ${first}`);
}

/**
 * A list of arrays of different lengths (gradients of several tensors, token sequences):
 * the length at each level is checked, then the elements as numbers.
 */
function compareRagged(
  expected: unknown[],
  got: unknown,
  rule: { rtol?: number; atol?: number; dtype?: 'float' | 'int' },
  path: string,
): Comparison {
  if (!Array.isArray(got))
    return fail(`expected an array of length ${expected.length}, got ${describeType(got)}${where(path)}`);
  if (got.length !== expected.length)
    return fail(`shape error${where(path)}: expected ${expected.length} entries, got ${got.length}`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const p = `${path}[${i}]`;
    const r = Array.isArray(e)
      ? compareArray(e, got[i], rule, p)
      : rule.dtype === 'int'
        ? compareInteger(e as number, got[i], p)
        : compareNumber(e as number, got[i], rule.rtol, rule.atol, p);
    if (!r.ok) return r;
  }
  return OK;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (a === b) return true;
  if (a instanceof Unsupported || b instanceof Unsupported) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      deepEqual(ka, kb) &&
      ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}
