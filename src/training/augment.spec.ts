import { describe, expect, it } from '@jest/globals';
import { augmentPixels, type ImageAugmentation } from './augment.js';
import { mulberry32 } from './seed.js';

/** One 4×4 image with 2 channels whose values say where they came from: 100·y + 10·x + channel + 1. */
function grid(n = 1, h = 4, w = 4, c = 2): Float32Array {
  const a = new Float32Array(n * h * w * c);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) a[((i * h + y) * w + x) * c + k] = 1000 * i + 100 * y + 10 * x + k + 1;
  return a;
}
const at = (a: Float32Array, y: number, x: number, k: number, w = 4, c = 2) => a[(y * w + x) * c + k];

/** A generator that returns the given draws in turn. */
const draws = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

const FLIP: ImageAugmentation = { horizontalFlip: true, cropPadding: 0 };
const CROP1: ImageAugmentation = { horizontalFlip: false, cropPadding: 1 };

describe('augmentPixels', () => {
  it('mirrors an image left-right when the draw is under 1/2, and leaves it when not', () => {
    const img = grid();
    const flipped = augmentPixels(img, [1, 4, 4, 2], FLIP, draws(0.1));
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) for (let k = 0; k < 2; k++) expect(at(flipped, y, x, k)).toBe(at(img, y, 3 - x, k));
    expect(augmentPixels(img, [1, 4, 4, 2], FLIP, draws(0.9))).toEqual(img);
  });

  it('crops a window of the original size out of the zero-padded image at the drawn offset', () => {
    const img = grid();
    // padding 1 → offsets −1..1 from floor(draw · 3) − 1: 0.0 → −1 (rows), 0.7 → +1 (columns).
    const out = augmentPixels(img, [1, 4, 4, 2], CROP1, draws(0.0, 0.7));
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++)
        for (let k = 0; k < 2; k++) {
          const sy = y - 1;
          const sx = x + 1;
          const inside = sy >= 0 && sy < 4 && sx >= 0 && sx < 4;
          expect(at(out, y, x, k)).toBe(inside ? at(img, sy, sx, k) : 0);
        }
    // The middle draw (offset 0 on both axes) gives the image back.
    expect(augmentPixels(img, [1, 4, 4, 2], CROP1, draws(0.5, 0.5))).toEqual(img);
  });

  it('keeps the shape, does not touch its input, and draws per example', () => {
    const img = grid(3);
    const copy = Float32Array.from(img);
    const out = augmentPixels(img, [3, 4, 4, 2], { horizontalFlip: true, cropPadding: 1 }, mulberry32(7));
    expect(out.length).toBe(img.length);
    expect(img).toEqual(copy);
    // Example i only holds values of example i (or padding zeros): nothing leaks across examples.
    for (let i = 0; i < 3; i++) {
      const part = out.subarray(i * 32, (i + 1) * 32);
      for (const v of part) expect(v === 0 || Math.floor(v / 1000) === i).toBe(true);
    }
  });

  it('gives the same batches for the same seed and different ones for another seed', () => {
    const img = grid(16);
    const aug = { horizontalFlip: true, cropPadding: 1 };
    const a = augmentPixels(img, [16, 4, 4, 2], aug, mulberry32(3));
    const b = augmentPixels(img, [16, 4, 4, 2], aug, mulberry32(3));
    const c = augmentPixels(img, [16, 4, 4, 2], aug, mulberry32(4));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a).not.toEqual(img);
  });

  it('returns a copy equal to the input when neither flip nor crop is asked for', () => {
    const img = grid(2);
    expect(augmentPixels(img, [2, 4, 4, 2], { horizontalFlip: false, cropPadding: 0 }, mulberry32(1))).toEqual(img);
  });

  it('refuses a padding that would leave half the image outside the window, and a wrong length', () => {
    expect(() =>
      augmentPixels(grid(), [1, 4, 4, 2], { horizontalFlip: false, cropPadding: 2.5 }, mulberry32(1)),
    ).toThrow(/cropPadding 2.5 must be a whole number from 0 to 1 for 4×4 images/);
    expect(() => augmentPixels(new Float32Array(5), [1, 4, 4, 2], FLIP, mulberry32(1))).toThrow(
      /5 values for shape \[1, 4, 4, 2\]/,
    );
  });
});
