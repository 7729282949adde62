import { describe, it, expect } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from './engine.js';
import { fit } from './fit.js';
import { evaluate, wilsonInterval } from './evaluate.js';
import { imageSource } from './sources.js';
import { guideCnn } from './reference-models.js';
import { mulberry32, withSeededRandom } from './seed.js';
import { loadCifar10, DatasetError } from '../datasets/index.js';

/**
 * Real data: the career guide's CNN, one epoch over the full CIFAR-10 train
 * set (50,000 images, batch 64, Adam 1e-3) on the wasm engine, then the
 * 10,000 test images. PyTorch reaches 46 % here; we require >= 40 %.
 * Needs the cache from `npm run datasets:prepare`; outside CI a missing cache
 * skips the test with a message, in CI it fails.
 */
async function loadOrSkip() {
  try {
    return await loadCifar10({ verify: 'size' });
  } catch (err) {
    if (err instanceof DatasetError && !process.env.CI) {
      console.warn(`SKIPPED cifar-one-epoch: ${err.message}`);
      return null;
    }
    throw err;
  }
}

describe('the guide CNN on real CIFAR-10 (wasm engine)', () => {
  it(
    'reaches at least 40 % test accuracy after one epoch',
    async () => {
      const data = await loadOrSkip();
      if (!data) return;
      const engine = await initEngine({ logger: (m) => console.log(m) });
      expect(engine.name).not.toBe('cpu');
      const model = withSeededRandom(mulberry32(2024), () => guideCnn());
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const train = imageSource({ images: data.train.images, labels: data.train.labels, count: data.train.count });
      const test = imageSource({ images: data.test.images, labels: data.test.labels, count: data.test.count });
      const t0 = performance.now();
      const r = await fit(model, train, { epochs: 1, batchSize: 64, seed: 1 });
      const ev = await evaluate(model, test, { batchSize: 500 });
      const ci = wilsonInterval(ev.correct, ev.count);
      console.log(
        `cifar-one-epoch: ${r.message}; ${r.history[0].examplesPerSecond.toFixed(0)} img/s; train acc ${(100 * r.history[0].accuracy).toFixed(1)} %; ` +
          `test acc ${(100 * ev.accuracy).toFixed(1)} % (95 % CI ${(100 * ci.low).toFixed(1)}–${(100 * ci.high).toFixed(1)}); total ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
      expect(r.stopReason).toBe('completed');
      expect(r.examples).toBe(50000);
      expect(ev.count).toBe(10000);
      expect(ev.accuracy).toBeGreaterThanOrEqual(0.4);
      model.dispose();
    },
    30 * 60 * 1000,
  );
});
