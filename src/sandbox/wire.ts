/**
 * The wire form of values that cross the sandbox boundary for coding exercises.
 *
 * IPC between the pool and its children is JSON, which turns NaN and ±Infinity into null and
 * drops undefined; a softmax over a masked logit (-Infinity) or a metric that is NaN would
 * silently change on the way. So values travel in a tagged form, which this file writes and
 * reads on the host, and an equivalent copy (guest/coding-runner.ts) inside
 * the isolate:
 *
 *   finite number, string, boolean, null   as is
 *   NaN, Infinity, -Infinity, undefined    { "$": "NaN" } …, { "$": "undefined" }
 *   array (typed arrays too)               array of wire values (holes are undefined)
 *   plain object                           { "$o": { key: wire value, … } }
 *   anything else (function, Map, bigint…) { "$x": "a function" }   (only ever comes out)
 *
 * Every JSON object in the wire form has exactly one of the keys "$", "$o", "$x", so a
 * candidate's object can never be mistaken for a tag.
 */

/** A value the candidate returned that has no JSON meaning (a function, a Map, a bigint…). */
export class Unsupported {
  constructor(readonly description: string) {}
}

export function toWire(value: unknown, depth = 0): unknown {
  if (depth > 64) throw new Error('value nested more than 64 levels deep');
  if (value === undefined) return { $: 'undefined' };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    return { $: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
  }
  if (Array.isArray(value)) return Array.from(value, (v) => toWire(v, depth + 1));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>, (v) => toWire(Number(v), depth + 1));
  if (value instanceof Unsupported) return { $x: value.description };
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toWire(v, depth + 1);
    return { $o: out };
  }
  throw new Error(`cannot send a ${typeof value} to the sandbox`);
}

export function fromWire(wire: unknown, depth = 0): unknown {
  if (depth > 64) throw new Error('wire value nested more than 64 levels deep');
  if (wire === null || typeof wire === 'string' || typeof wire === 'boolean' || typeof wire === 'number') return wire;
  if (Array.isArray(wire)) return wire.map((v) => fromWire(v, depth + 1));
  if (typeof wire === 'object') {
    const w = wire as Record<string, unknown>;
    if ('$' in w) {
      switch (w.$) {
        case 'NaN':
          return NaN;
        case 'Infinity':
          return Infinity;
        case '-Infinity':
          return -Infinity;
        case 'undefined':
          return undefined;
      }
    }
    if ('$x' in w) return new Unsupported(String(w.$x));
    if ('$o' in w && w.$o !== null && typeof w.$o === 'object') {
      const out: Record<string, unknown> = {};
      // defineProperty: a key named "__proto__" stays an ordinary own property.
      for (const [k, v] of Object.entries(w.$o as Record<string, unknown>)) {
        Object.defineProperty(out, k, {
          value: fromWire(v, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
  throw new Error('malformed wire value');
}
