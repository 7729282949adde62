import { describe, it, expect, beforeAll } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initEngine } from './engine.js';
import { evaluate } from './evaluate.js';
import { fit, type EpochLog } from './fit.js';
import { imageSource, subsetSource } from './sources.js';
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

  it("anneals the optimizer's learning rate over the planned batches with the cosine schedule, and leaves it alone without one", async () => {
    const rates = async (learningRateSchedule?: 'cosine') => {
      const model = await seededModel(6);
      const optimizer = (model as unknown as { optimizer: { learningRate: number } }).optimizer;
      const seen: number[] = [];
      // 600 examples, batch 100: 6 batches an epoch, 12 planned; the rate is set before each batch.
      await fit(model, source, {
        epochs: 2,
        batchSize: 100,
        seed: 1,
        learningRateSchedule,
        onBatchEnd: () => void seen.push(optimizer.learningRate),
      });
      model.dispose();
      return seen;
    };
    const cosine = await rates('cosine');
    expect(cosine).toHaveLength(12);
    cosine.forEach((lr, step) => expect(lr).toBeCloseTo(0.005 * (1 + Math.cos((Math.PI * step) / 12)), 12));
    expect(cosine[0]).toBe(0.01);
    expect(cosine[11]).toBeLessThan(0.0002);
    expect(await rates()).toEqual(Array(12).fill(0.01));
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
