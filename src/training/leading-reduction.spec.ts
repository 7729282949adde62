import { describe, expect, it } from '@jest/globals';
import { leadingReduction, reducedShape } from './leading-reduction.js';

describe('leadingReduction', () => {
  it('recognises a reduction over the leading axes, in any order and with negative axes', () => {
    const r = leadingReduction([8, 4, 4, 16], [2, 0, -3]);
    expect(r).toEqual({ axes: 3, inner: [16], rows: 128, cols: 16 });
    expect(reducedShape(r!, false)).toEqual([16]);
    expect(reducedShape(r!, true)).toEqual([1, 1, 1, 16]);
    expect(leadingReduction([5, 3], 0)).toEqual({ axes: 1, inner: [3], rows: 5, cols: 3 });
  });

  it('leaves every other reduction to the stock kernel: trailing, gapped, all axes or none', () => {
    expect(leadingReduction([8, 4, 4, 16], [3])).toBeNull();
    expect(leadingReduction([8, 4, 4, 16], [0, 2])).toBeNull();
    expect(leadingReduction([8, 16], [0, 1])).toBeNull();
    expect(leadingReduction([8, 16], [])).toBeNull();
    // tfjs' sum(x) without an axis reduces everything.
    expect(leadingReduction([8, 16], null)).toBeNull();
    expect(leadingReduction([8, 16], undefined)).toBeNull();
  });
});
