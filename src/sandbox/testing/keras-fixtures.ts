/**
 * The Keras fixtures (src/sandbox/child/keras/fixtures/), as `model.to_json()` of Keras 2
 * (tf.keras 2.15) and Keras 3 writes them, for tests at every tier.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'child', 'keras', 'fixtures');

export type KerasFixtureName =
  'guide-cnn' | 'guide-lstm' | 'core-layers' | 'conv-layers' | 'sequence-layers' | 'merge-layers' | 'global-2d-layers';

/** A fresh copy of one fixture, parsed. */
export function kerasFixture(name: KerasFixtureName, version: 2 | 3): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(DIR, `${name}.keras${version}.json`), 'utf8')) as Record<string, unknown>;
}
