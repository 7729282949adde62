/**
 * Batch sources: the fit loop and evaluation ask a source for the examples
 * at some indices and get tensors for that batch only. The data stays in its
 * compact form (uint8 pixels, int32 token ids) and is normalised per batch,
 * so a data set is never held as float32 in full.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

export interface Batch {
  x: Tensor;
  y: Tensor;
}

export interface BatchSource {
  /** Number of examples. */
  size: number;
  /** Number of classes (2 for a binary sigmoid task). */
  numClasses: number;
  /** Labels of all examples (class index), for per-class statistics. */
  labels?: ArrayLike<number>;
  /** Tensors for the examples at `indices` (caller disposes them). */
  batch(indices: Int32Array): Batch;
}

export interface ImageSourceOptions {
  /** uint8 pixels, `count × height × width × channels`, HWC order. */
  images: Uint8Array;
  /** Class index per image. */
  labels: ArrayLike<number>;
  count?: number;
  height?: number;
  width?: number;
  channels?: number;
  numClasses?: number;
  /** Multiplier applied to each pixel (default 1/255). */
  scale?: number;
  /** 'onehot' (default, for categoricalCrossentropy) or 'index' ([n] int32, for sparse losses). */
  labelMode?: 'onehot' | 'index';
}

/** Images as float32 `[n,h,w,c]` (pixels × scale) and one-hot float32 labels. */
export function imageSource(o: ImageSourceOptions): BatchSource {
  const height = o.height ?? 32;
  const width = o.width ?? 32;
  const channels = o.channels ?? 3;
  const numClasses = o.numClasses ?? 10;
  const scale = o.scale ?? 1 / 255;
  const per = height * width * channels;
  const count = o.count ?? Math.floor(o.images.length / per);
  if (o.images.length < count * per)
    throw new RangeError(`images hold ${o.images.length} bytes, ${count} images need ${count * per}`);
  if (o.labels.length < count) throw new RangeError(`${o.labels.length} labels for ${count} images`);
  const labelMode = o.labelMode ?? 'onehot';
  // Reused between batches of the same size: only the tensor copies are new.
  let xbuf = new Float32Array(0);
  let ybuf = new Float32Array(0);
  return {
    size: count,
    numClasses,
    labels: o.labels,
    batch(indices: Int32Array): Batch {
      const n = indices.length;
      if (xbuf.length !== n * per) xbuf = new Float32Array(n * per);
      for (let r = 0; r < n; r++) {
        const i = indices[r];
        if (!(i >= 0 && i < count)) throw new RangeError(`index ${i} outside 0..${count - 1}`);
        const src = i * per;
        const dst = r * per;
        for (let k = 0; k < per; k++) xbuf[dst + k] = o.images[src + k] * scale;
      }
      const x = tf.tensor4d(xbuf, [n, height, width, channels], 'float32');
      let y: Tensor;
      if (labelMode === 'index') {
        const ids = new Int32Array(n);
        for (let r = 0; r < n; r++) ids[r] = o.labels[indices[r]];
        y = tf.tensor1d(ids, 'int32');
      } else {
        if (ybuf.length !== n * numClasses) ybuf = new Float32Array(n * numClasses);
        ybuf.fill(0);
        for (let r = 0; r < n; r++) ybuf[r * numClasses + o.labels[indices[r]]] = 1;
        y = tf.tensor2d(ybuf, [n, numClasses], 'float32');
      }
      return { x, y };
    },
  };
}

export interface SequenceSourceOptions {
  /** Padded token ids, `count × seqLen`, row-major (e.g. from padSequences). */
  ids: Int32Array;
  seqLen: number;
  /** Class index per sequence. */
  labels: ArrayLike<number>;
  count?: number;
  numClasses?: number;
  /**
   * 'binary' (default): `[n,1]` float 0/1 for a sigmoid output and
   * binaryCrossentropy; 'onehot': `[n,numClasses]` float for softmax.
   */
  labelMode?: 'binary' | 'onehot';
}

/** Token-id sequences as int32 `[n,seqLen]` with binary or one-hot labels. */
export function sequenceSource(o: SequenceSourceOptions): BatchSource {
  const { seqLen } = o;
  const count = o.count ?? Math.floor(o.ids.length / seqLen);
  const numClasses = o.numClasses ?? 2;
  const labelMode = o.labelMode ?? 'binary';
  if (o.ids.length < count * seqLen)
    throw new RangeError(`ids hold ${o.ids.length} values, ${count} sequences need ${count * seqLen}`);
  if (o.labels.length < count) throw new RangeError(`${o.labels.length} labels for ${count} sequences`);
  return {
    size: count,
    numClasses,
    labels: o.labels,
    batch(indices: Int32Array): Batch {
      const n = indices.length;
      const xb = new Int32Array(n * seqLen);
      for (let r = 0; r < n; r++) {
        const i = indices[r];
        if (!(i >= 0 && i < count)) throw new RangeError(`index ${i} outside 0..${count - 1}`);
        xb.set(o.ids.subarray(i * seqLen, (i + 1) * seqLen), r * seqLen);
      }
      const x = tf.tensor2d(xb, [n, seqLen], 'int32');
      let y: Tensor;
      if (labelMode === 'binary') {
        const yb = new Float32Array(n);
        for (let r = 0; r < n; r++) yb[r] = o.labels[indices[r]] ? 1 : 0;
        y = tf.tensor2d(yb, [n, 1], 'float32');
      } else {
        const yb = new Float32Array(n * numClasses);
        for (let r = 0; r < n; r++) yb[r * numClasses + o.labels[indices[r]]] = 1;
        y = tf.tensor2d(yb, [n, numClasses], 'float32');
      }
      return { x, y };
    },
  };
}

/** A view of `source` restricted to `indices` (in that order). */
export function subsetSource(source: BatchSource, indices: Int32Array): BatchSource {
  const labels = source.labels;
  return {
    size: indices.length,
    numClasses: source.numClasses,
    labels: labels ? Array.from(indices, (i) => labels[i]) : undefined,
    batch(idx: Int32Array): Batch {
      const mapped = new Int32Array(idx.length);
      for (let r = 0; r < idx.length; r++) mapped[r] = indices[idx[r]];
      return source.batch(mapped);
    },
  };
}

/**
 * The same examples with the inputs as targets (an autoencoder learns to reproduce them): each
 * batch's y is a copy of its x, and the source's own labels are not fed.
 */
export function reconstructionSource(source: BatchSource): BatchSource {
  return {
    size: source.size,
    numClasses: source.numClasses,
    labels: source.labels,
    batch(indices: Int32Array): Batch {
      const { x, y } = source.batch(indices);
      y.dispose();
      return { x, y: x.clone() };
    },
  };
}
