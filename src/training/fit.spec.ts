import { describe, it, expect, beforeAll } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initEngine } from './engine.js';
import { fit, type EpochLog } from './fit.js';
import { classesOf, evaluate, evaluateReconstruction, meanInterval, wilsonInterval } from './evaluate.js';
import { imageSource, sequenceSource, subsetSource } from './sources.js';
import { mulberry32, seedModelJSON } from './seed.js';

/**
 * Synthetic 8×8×3 images whose class is which third of the image is bright;
 * learnable in a few epochs, so a broken loop shows up as low accuracy.
 */
function stripes(count: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  const rng = mulberry32(seed);
  const images = new Uint8Array(count * 8 * 8 * 3);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const cls = Math.floor(rng() * 3);
    labels[i] = cls;
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++)
        for (let c = 0; c < 3; c++) {
          const bright = Math.floor(x / 3) === cls;
          images[i * 192 + (y * 8 + x) * 3 + c] = Math.floor((bright ? 150 : 0) + rng() * 100);
        }
  }
  return { images, labels };
}

function smallCnn(): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dropout({ rate: 0.2 }));
  m.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
  return m;
}

/** Rebuilds smallCnn from its JSON with seeded initialisers, compiled with Adam. */
async function seededModel(seed: number): Promise<tfl.LayersModel> {
  const topology = seedModelJSON(smallCnn().toJSON(null, false), seed);
  const m = await tfl.models.modelFromJSON({ modelTopology: topology } as tf.io.ModelJSON);
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

describe('fit', () => {
  const data = stripes(600, 1);
  const source = imageSource({
    images: data.images,
    labels: data.labels,
    height: 8,
    width: 8,
    channels: 3,
    numClasses: 3,
  });

  beforeAll(async () => {
    await initEngine({ prefer: 'wasm', logger: () => undefined });
  });

  it('learns a separable task and reports loss, accuracy and validation per epoch', async () => {
    const model = await seededModel(3);
    const logs: EpochLog[] = [];
    const r = await fit(model, source, {
      epochs: 4,
      batchSize: 32,
      validationSplit: 0.25,
      seed: 5,
      onEpochEnd: (l) => void logs.push(l),
    });
    expect(r.stopReason).toBe('completed');
    expect(r.epochsCompleted).toBe(4);
    expect(logs).toHaveLength(4);
    expect(r.examples).toBe(4 * 450); // the last 150 examples are held out
    for (const l of logs) {
      expect(l.valLoss).toBeGreaterThanOrEqual(0);
      expect(l.examplesPerSecond).toBeGreaterThan(0);
      expect(l.seconds).toBeGreaterThan(0);
    }
    expect(logs[3].loss).toBeLessThan(logs[0].loss);
    expect(logs[3].valAccuracy).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('keeps the tensor count flat across epochs', async () => {
    const model = await seededModel(4);
    const counts: number[] = [];
    await fit(model, source, {
      epochs: 4,
      batchSize: 50,
      validationSplit: 0.2,
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    // Adam's slots appear in the first batch; after that nothing may grow.
    expect(counts).toHaveLength(4);
    expect(new Set(counts).size).toBe(1);
    model.dispose();
  });

  it('gives identical results for the same seed and different ones for another', async () => {
    const run = async (seed: number) => {
      const model = await seededModel(seed);
      const r = await fit(model, source, { epochs: 2, batchSize: 64, seed });
      const w = (model.getWeights()[0].dataSync() as Float32Array).slice();
      model.dispose();
      return { losses: r.history.map((h) => h.loss), w };
    };
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(a.losses).toEqual(b.losses);
    expect(Array.from(a.w)).toEqual(Array.from(b.w));
    expect(a.losses).not.toEqual(c.losses);
  });

  it('stops cleanly when the wall-clock budget is spent and says after how much', async () => {
    const model = await seededModel(5);
    let batches = 0;
    const r = await fit(model, source, {
      epochs: 50,
      batchSize: 16,
      budgetMs: 300,
      onBatchEnd: () => {
        batches++;
      },
    });
    expect(r.stopReason).toBe('budget');
    expect(r.batches).toBe(batches);
    expect(r.epochsCompleted).toBeLessThan(50);
    expect(r.message).toMatch(/budget after \d+ epochs?( \+ \d+ batches)? \(\d+ batches/);
    // The weights are usable afterwards.
    const ev = await evaluate(
      model,
      subsetSource(
        source,
        Int32Array.from({ length: 100 }, (_, i) => i),
      ),
    );
    expect(Number.isFinite(ev.loss)).toBe(true);
    model.dispose();
  });

  it('stops between batches when its AbortSignal fires', async () => {
    const model = await seededModel(6);
    const ac = new AbortController();
    const r = await fit(model, source, {
      epochs: 3,
      batchSize: 20,
      signal: ac.signal,
      onBatchEnd: ({ totalBatches }) => {
        if (totalBatches === 7) ac.abort();
      },
    });
    expect(r.stopReason).toBe('aborted');
    expect(r.batches).toBe(7);
    expect(r.history[0].partial).toBe(true);
    model.dispose();
  });

  it('augments training batches only (flip/crop of the same images, seeded), never the validation batches', async () => {
    const d = stripes(600, 1);
    const source = imageSource({ ...d, height: 8, width: 8, channels: 3, numClasses: 3 });
    const images = new Set<string>();
    const originals: Float32Array[] = [];
    for (let i = 0; i < source.size; i++) {
      const { x, y } = source.batch(Int32Array.of(i));
      originals.push(x.dataSync() as Float32Array);
      images.add(Array.from(x.dataSync()).join());
      tf.dispose([x, y]);
    }
    const record = async (seed: number) => {
      const model = await seededModel(6);
      const trained: Float32Array[] = [];
      const validated: Float32Array[] = [];
      const apply = model.apply.bind(model);
      const predict = model.predict.bind(model);
      model.apply = ((x: tf.Tensor, kw?: { training?: boolean }) => {
        if (kw?.training) trained.push((x.dataSync() as Float32Array).slice());
        return apply(x, kw);
      }) as typeof model.apply;
      model.predict = ((x: tf.Tensor, args?: object) => {
        validated.push((x.dataSync() as Float32Array).slice());
        return predict(x, args);
      }) as typeof model.predict;
      await fit(model, source, {
        epochs: 1,
        batchSize: 150,
        validationSplit: 0.25,
        seed,
        augment: { horizontalFlip: true, cropPadding: 2 },
      });
      model.dispose();
      return { trained, validated };
    };
    const a = await record(21);
    const b = await record(21);
    const c = await record(22);
    expect(a.trained).toHaveLength(3); // 450 training examples in batches of 150
    expect(a.trained.map((t) => t.length)).toEqual([150 * 192, 150 * 192, 150 * 192]);
    expect(b.trained).toEqual(a.trained);
    expect(c.trained).not.toEqual(a.trained);
    // Training examples changed: most are no longer any original image.
    const perImage = (batch: Float32Array) =>
      Array.from({ length: batch.length / 192 }, (_, i) => Array.from(batch.subarray(i * 192, (i + 1) * 192)).join());
    const changed = a.trained.flatMap(perImage).filter((img) => !images.has(img)).length;
    expect(changed).toBeGreaterThan(300);
    // Validation saw exactly the last 150 originals, untouched.
    const seen = a.validated.flatMap(perImage);
    expect(seen).toEqual(originals.slice(450).map((o) => Array.from(o).join()));
  });
});

describe('sources', () => {
  it('normalises uint8 pixels per batch and one-hot encodes labels', () => {
    const images = new Uint8Array([0, 255, 51, 102, 0, 0, 0, 0]); // two 2×2×... 1-channel images of 4 pixels
    const src = imageSource({ images, labels: [1, 0], height: 2, width: 2, channels: 1, numClasses: 3 });
    const { x, y } = src.batch(Int32Array.from([1, 0]));
    expect(x.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(x.dataSync())).toEqual([0, 0, 0, 0, 0, 1, 0.2, 0.4].map((v) => Math.fround(v)));
    expect(Array.from(y.dataSync())).toEqual([1, 0, 0, 0, 1, 0]);
    tf.dispose([x, y]);
  });

  it('serves padded token ids with [n,1] binary labels', () => {
    const ids = Int32Array.from([1, 5, 6, 0, 0, 7]);
    const src = sequenceSource({ ids, seqLen: 3, labels: [1, 0] });
    const { x, y } = src.batch(Int32Array.from([1]));
    expect(x.dtype).toBe('int32');
    expect(Array.from(x.dataSync())).toEqual([0, 0, 7]);
    expect(y.shape).toEqual([1, 1]);
    expect(Array.from(y.dataSync())).toEqual([0]);
    tf.dispose([x, y]);
  });
});

describe('evaluate', () => {
  beforeAll(async () => {
    await initEngine({ prefer: 'wasm', logger: () => undefined });
  });

  it('computes accuracy, per-class accuracy, the confusion matrix and the loss in batches', async () => {
    // A fixed linear model on one-hot inputs: input class k is predicted as perm[k].
    const perm = [0, 2, 2];
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [3], units: 3, activation: 'softmax', useBias: false }));
    const w = new Float32Array(9);
    for (let k = 0; k < 3; k++) w[k * 3 + perm[k]] = 10;
    m.setWeights([tf.tensor2d(w, [3, 3])]);
    m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const labels = [0, 1, 2, 0, 1, 2, 2];
    const src = {
      size: labels.length,
      numClasses: 3,
      labels,
      batch(idx: Int32Array) {
        const oneHot = () =>
          tf.tidy(() =>
            tf.cast(
              tf.oneHot(
                tf.tensor1d(
                  Array.from(idx, (i) => labels[i]),
                  'int32',
                ),
                3,
              ),
              'float32',
            ),
          );
        return { x: oneHot(), y: oneHot() };
      },
    };
    const r = await evaluate(m, src, { batchSize: 3 });
    expect(r.count).toBe(7);
    expect(r.correct).toBe(5); // class 1 (2 examples) is always predicted as 2
    expect(r.accuracy).toBeCloseTo(5 / 7, 6);
    expect(r.perClassAccuracy).toEqual([1, 0, 1]);
    expect(r.confusion).toEqual([
      [2, 0, 0],
      [0, 0, 2],
      [0, 0, 3],
    ]);
    // Loss: -log softmax; wrong predictions cost about 10 each.
    const right = Math.log(1 + 2 * Math.exp(-10));
    const wrong = -Math.log(Math.exp(0) / (Math.exp(10) + 2 * Math.exp(0)));
    expect(r.loss).toBeCloseTo((5 * right + 2 * wrong) / 7, 3);
    m.dispose();
  });

  it('reads class indices given as [n, 1] against a softmax output', async () => {
    const { predicted, truth } = classesOf(
      tf.tensor2d([
        [0.1, 0.2, 0.7],
        [0.8, 0.1, 0.1],
      ]),
      tf.tensor2d([[2], [1]]),
    );
    expect(Array.from(await predicted.data())).toEqual([2, 0]);
    expect(Array.from(await truth.data())).toEqual([2, 1]);
    tf.dispose([predicted, truth]);
  });

  it('sums each example’s mean squared reconstruction error in batches, and stops when aborted', async () => {
    // A model that outputs zeros: each example's error is the mean of its squared inputs.
    const m = tfl.sequential();
    m.add(tfl.layers.dense({ inputShape: [2], units: 2, kernelInitializer: 'zeros' }));
    const rows = [
      [0.5, 0.5],
      [1, 0],
      [0, 0],
    ];
    const src = {
      size: rows.length,
      numClasses: 0,
      labels: [],
      batch(idx: Int32Array) {
        const x = () => tf.tensor2d(Array.from(idx, (i) => rows[i]));
        return { x: x(), y: x() };
      },
    };
    const r = await evaluateReconstruction(m, src, { batchSize: 2 });
    expect(r.count).toBe(3);
    expect(r.sum).toBeCloseTo(0.25 + 0.5 + 0, 6);
    expect(r.sumOfSquares).toBeCloseTo(0.0625 + 0.25, 6);
    const aborted = new AbortController();
    aborted.abort(new Error('cancelled'));
    await expect(evaluateReconstruction(m, src, { signal: aborted.signal })).rejects.toThrow('cancelled');
    m.dispose();
  });

  it('gives the mean error with a normal 95 % interval clipped at 0', () => {
    const r = meanInterval({ count: 3, sum: 0.75, sumOfSquares: 0.3125 });
    // s = 0.25, half-width 1.96 · 0.25 / √3
    expect(r.mean).toBeCloseTo(0.25, 9);
    expect(r.low).toBe(0);
    expect(r.high).toBeCloseTo(0.25 + (1.96 * 0.25) / Math.sqrt(3), 9);
    expect(meanInterval({ count: 1, sum: 0.2, sumOfSquares: 0.04 })).toEqual({ mean: 0.2, low: 0.2, high: 0.2 });
    expect(meanInterval({ count: 0, sum: 0, sumOfSquares: 0 }).mean).toBeNaN();
  });

  it('gives the Wilson 95 % interval', () => {
    const a = wilsonInterval(50, 100);
    expect(a.low).toBeCloseTo(0.4038, 4);
    expect(a.high).toBeCloseTo(0.5962, 4);
    const b = wilsonInterval(0, 10);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.2775, 4);
    const c = wilsonInterval(4000, 10000);
    expect(c.high - c.low).toBeLessThan(0.02);
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
  });
});
