/**
 * Each converted Keras fixture computes what its TypeScript build computes, given the same
 * weights. Integration tier: a forward pass of the guide LSTM over 500 steps on tfjs's CPU
 * backend takes seconds (the conversion itself is checked in keras.spec.ts).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Json } from './refusals.js';
import { INPUTS, rebuild, registerQuickOrthogonal, TS_BUILDS } from './testing-builds.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): Json => JSON.parse(readFileSync(path.join(here, 'fixtures', name), 'utf8')) as Json;

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerQuickOrthogonal();
});

describe.each(Object.keys(TS_BUILDS).flatMap((family) => [2, 3].map((v) => [family, v] as const)))(
  'the %s fixture written by Keras %d',
  (family, version) => {
    const raw = fixture(`${family}.keras${version}.json`);

    it('gives the same outputs as the TypeScript build with the same weights', async () => {
      const converted = await rebuild(raw);
      const built = TS_BUILDS[family]();
      converted.setWeights(built.getWeights());
      const { shape, tokens } = INPUTS[family];
      const x = tokens ? tf.floor(tf.randomUniform([3, ...shape], 0, tokens)) : tf.randomUniform([3, ...shape], 0, 255);
      const a = (built.predict(x) as tf.Tensor).arraySync() as number[][];
      const b = (converted.predict(x) as tf.Tensor).arraySync() as number[][];
      expect(b.flat().length).toBeGreaterThan(0);
      b.flat().forEach((value, i) => expect(value).toBeCloseTo(a.flat()[i], 5));
    });
  },
);
