/**
 * Helpers shared by the sandbox specs (sandbox.spec.ts, sandbox-hostile.spec.ts): outcome
 * expectations, a normal build to prove a pool still serves, and tfjs's own parameter count.
 */
import { expect } from '@jest/globals';
import * as tfl from '@tensorflow/tfjs-layers';
import type { SandboxPool } from '../sandbox.js';
import type { SandboxOutcome, SandboxRequest, SandboxSuccess } from '../sandbox.types.js';
import { CIFAR10_TASK, denseModelJs } from './submissions.js';

/** A JavaScript submission whose build(tf, task) has this body. */
export function js(body: string): string {
  return `export default async function build(tf, task) {\n${body}\n}`;
}

export function expectSuccess(outcome: SandboxOutcome): SandboxSuccess {
  if (!outcome.ok) throw new Error(`expected a model, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

export function expectFailure(outcome: SandboxOutcome, code: string): string {
  if (outcome.ok) throw new Error(`expected ${code}, got a model`);
  expect(outcome.code).toBe(code);
  // Messages are for candidates: no host paths or host stack frames.
  expect(outcome.message).not.toMatch(/\/work\/|node_modules|\n\s+at /);
  return outcome.message;
}

/** `build` (JavaScript, CIFAR-10 task) and `expectStillServes` against one pool. */
export function poolHelpers(pool: SandboxPool) {
  const build = (code: string, extra: Partial<SandboxRequest> = {}): Promise<SandboxOutcome> =>
    pool.build({ language: 'JAVASCRIPT', code, task: CIFAR10_TASK, ...extra });
  /** After every hostile submission the same pool must still build a normal model. */
  const expectStillServes = async (): Promise<void> => {
    const outcome = await build(denseModelJs(16));
    expect(expectSuccess(outcome).params.total).toBe(3072 * 16 + 16 + 16 * 10 + 10);
  };
  return { build, expectStillServes };
}

/** Parameters of the same topology built normally (real weights) on the host, by tfjs. */
export async function countParamsNormally(topology: object): Promise<number> {
  // Re-create the JSON in this realm: Jest runs tests in a vm context, and tfjs's
  // instanceof checks fail on objects that arrived over IPC in the outer realm.
  // Initializers do not change the count; zeros keeps this fast (no orthogonal matrices).
  const copy = JSON.parse(JSON.stringify(topology), (key, value) =>
    key.endsWith('_initializer') && value ? { class_name: 'Zeros', config: {} } : value,
  ) as Parameters<typeof tfl.models.modelFromJSON>[0];
  const model = await tfl.models.modelFromJSON(copy);
  const n = model.countParams();
  model.dispose();
  return n;
}
