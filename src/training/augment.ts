/**
 * Image augmentation for training batches: a random horizontal flip and a random crop after
 * zero padding (the classic CIFAR-10 recipe). The fit loop applies it to training batches only,
 * after the validation split is carved out, so validation and test examples are never changed.
 *
 * Seeded: every example draws from the generator it is given (one draw for the flip, two for
 * the crop offsets, always in that order), so the same seed gives the same batches. Shapes are
 * kept: the crop window has the image's own size.
 *
 * No tfjs here (plan validation reads the limits); the fit loop wraps it for tensors.
 */
export interface ImageAugmentation {
  /** Mirror each example left-right with probability 1/2. */
  horizontalFlip: boolean;
  /** Pad each side with this many zero pixels, then crop a random window of the original size (0: no crop). */
  cropPadding: number;
}

/** Largest crop padding the plan accepts (pixels on each side). */
export const MAX_CROP_PADDING = 8;

export function isAugmenting(a: ImageAugmentation | undefined): a is ImageAugmentation {
  return !!a && (a.horizontalFlip || a.cropPadding > 0);
}

/**
 * Augments a batch of NHWC pixels (`[n, h, w, c]` row-major) into a new array of the same
 * shape. Pure: reads `pixels`, draws from `rng`, returns the copy.
 */
export function augmentPixels(
  pixels: Float32Array,
  shape: readonly [number, number, number, number],
  aug: ImageAugmentation,
  rng: () => number,
): Float32Array {
  const [n, h, w, c] = shape;
  const per = h * w * c;
  if (pixels.length !== n * per)
    throw new RangeError(`augment: ${pixels.length} values for shape [${shape.join(', ')}]`);
  const p = aug.cropPadding;
  if (!Number.isInteger(p) || p < 0 || 2 * p >= Math.min(h, w))
    throw new RangeError(
      `augment: cropPadding ${p} must be a whole number from 0 to ${Math.floor((Math.min(h, w) - 1) / 2)} for ${h}×${w} images`,
    );
  const out = new Float32Array(pixels.length); // zeros: the padding
  for (let i = 0; i < n; i++) {
    const flip = aug.horizontalFlip && rng() < 0.5;
    // Offset of the crop window inside the padded image, minus the padding: -p..p.
    const dy = p > 0 ? Math.floor(rng() * (2 * p + 1)) - p : 0;
    const dx = p > 0 ? Math.floor(rng() * (2 * p + 1)) - p : 0;
    const base = i * per;
    for (let y = 0; y < h; y++) {
      const sy = y + dy;
      if (sy < 0 || sy >= h) continue;
      for (let x = 0; x < w; x++) {
        // The flip mirrors the cropped window, so it reads column w-1-x of the window.
        const sx = (flip ? w - 1 - x : x) + dx;
        if (sx < 0 || sx >= w) continue;
        const src = base + (sy * w + sx) * c;
        const dst = base + (y * w + x) * c;
        for (let k = 0; k < c; k++) out[dst + k] = pixels[src + k];
      }
    }
  }
  return out;
}
