import { describe, expect, it } from '@jest/globals';
import { Unsupported, fromWire, toWire } from '../sandbox/wire.js';
import { compareValues, formatValue, shapeOf } from './compare.js';

const reason = (r: ReturnType<typeof compareValues>) => (r.ok ? 'ok' : r.reason);

describe('compareValues', () => {
  it('accepts a float within rtol/atol and rejects one outside', () => {
    expect(compareValues(1, 1 + 1e-7, { kind: 'number', rtol: 1e-6 }).ok).toBe(true);
    expect(reason(compareValues(1, 1.001, { kind: 'number', rtol: 1e-6 }))).toContain('expected 1, got 1.001');
  });

  it('matches NaN only with NaN and an infinity only with the same infinity', () => {
    expect(compareValues(NaN, NaN, { kind: 'number' }).ok).toBe(true);
    expect(compareValues(NaN, 0, { kind: 'number' }).ok).toBe(false);
    expect(compareValues(-Infinity, -Infinity, { kind: 'number' }).ok).toBe(true);
    expect(compareValues(Infinity, -Infinity, { kind: 'number' }).ok).toBe(false);
    expect(reason(compareValues(1000, Infinity, { kind: 'number' }))).toContain('overflow');
  });

  it('wants a whole number for integer tests, but takes 2.0 for 2', () => {
    expect(compareValues(2, 2.0, { kind: 'integer' }).ok).toBe(true);
    expect(reason(compareValues(2, 2.0000001, { kind: 'integer' }))).toContain('not a whole number');
    expect(reason(compareValues(2, '2', { kind: 'integer' }))).toContain('a string');
  });

  it('reports a transposed matrix as a shape error, not as wrong values', () => {
    expect(
      reason(
        compareValues(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          [
            [1, 4],
            [2, 5],
            [3, 6],
          ],
          { kind: 'array' },
        ),
      ),
    ).toBe('shape error: expected shape [2, 3], got [3, 2]');
    expect(
      reason(
        compareValues(
          [
            [1, 2],
            [3, 4],
          ],
          [[1, 2], [3]],
          { kind: 'array' },
        ),
      ),
    ).toContain('ragged');
  });

  it('counts wrong elements and names the first by its index', () => {
    expect(
      reason(
        compareValues(
          [
            [1, 2],
            [3, 4],
          ],
          [
            [1, 2],
            [3.5, 5],
          ],
          { kind: 'array' },
        ),
      ),
    ).toBe('2 of 4 elements are wrong; the first: expected 3, got 3.5 at [1][0]');
  });

  it('compares ragged lists length by length', () => {
    expect(compareValues([[1], [2, 3]], [[1], [2, 3]], { kind: 'array' }).ok).toBe(true);
    expect(reason(compareValues([[1], [2, 3]], [[1], [2]], { kind: 'array' }))).toContain('shape error at [1]');
  });

  it('checks shapes dimension by dimension', () => {
    expect(compareValues([1, 16, 16, 32], [1, 16, 16, 32], { kind: 'shape' }).ok).toBe(true);
    expect(reason(compareValues([1, 16, 16, 32], [1, 15, 16, 32], { kind: 'shape' }))).toContain('dimension 1 differs');
    expect(reason(compareValues([2, 3], [2, 3, 1], { kind: 'shape' }))).toContain('rank 3');
    expect(reason(compareValues([2, 3], [2, 3.5], { kind: 'shape' }))).toContain('not a non-negative integer');
  });

  it('compares the fields of an object with their own rules and ignores extra fields', () => {
    const rule = { kind: 'object', fields: { w: { kind: 'array', rtol: 1e-6 }, t: { kind: 'integer' } } } as const;
    expect(compareValues({ w: [1, 2], t: 3 }, { w: [1, 2], t: 3, note: 'x' }, rule).ok).toBe(true);
    expect(reason(compareValues({ w: [1, 2], t: 3 }, { w: [1, 2] }, rule))).toContain('"t" is missing');
    expect(reason(compareValues({ w: [1, 2], t: 3 }, { w: [1, 2, 3], t: 3 }, rule))).toContain('shape error at .w');
  });

  it('treats exact as deep equality with NaN equal to itself', () => {
    expect(compareValues({ a: [NaN, 'x'] }, { a: [NaN, 'x'] }, { kind: 'exact' }).ok).toBe(true);
    expect(compareValues({ a: 1 }, { a: 1, b: 2 }, { kind: 'exact' }).ok).toBe(false);
  });

  it('names values that have no JSON meaning', () => {
    expect(reason(compareValues(1, new Unsupported('a function'), { kind: 'number' }))).toContain('a function');
  });

  it('writes control characters in keys and values as escapes (PostgreSQL refuses U+0000)', () => {
    const r = reason(compareValues({ a: 1 }, { '\u0000': 1, 'b c': '\u0000' }, { kind: 'exact' }));
    expect([...r].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
    expect(r).toContain('{ "\\u0000": 1, "b c": "\\u0000" }');
    expect(formatValue(new Unsupported('a \u0000 thing'))).toBe('<a \\u0000 thing>');
  });

  it('works out shapes of empty and nested arrays', () => {
    expect(shapeOf([])).toEqual({ shape: [0] });
    expect(shapeOf([[], []])).toEqual({ shape: [2, 0] });
    expect(shapeOf(5)).toEqual({ shape: [] });
  });
});

describe('wire form', () => {
  it('round-trips NaN, infinities, undefined, nested objects and typed arrays', () => {
    const value = {
      a: [NaN, Infinity, -Infinity, undefined, 1.5],
      b: { $: 'not a tag', $o: null },
      c: new Float64Array([1, 2]),
    };
    const back = fromWire(JSON.parse(JSON.stringify(toWire(value)))) as Record<string, unknown>;
    expect(back.a).toEqual([NaN, Infinity, -Infinity, undefined, 1.5]);
    expect(back.b).toEqual({ $: 'not a tag', $o: null });
    expect(back.c).toEqual([1, 2]);
  });
});
