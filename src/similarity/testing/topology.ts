/**
 * Test helper: runs a trusted test solution's `build(tf, task)` in this process with
 * tfjs-layers and returns its topology the way the sandbox does (`model.toJSON(null, false)`).
 * Only for the project's own test corpus; candidate code goes through the sandbox.
 */
import ts from 'typescript';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

export const CIFAR10_TASK = { dataset: 'cifar10', inputShape: [32, 32, 3], numClasses: 10 };

let backendReady: Promise<boolean> | undefined;

export async function topologyOf(code: string, task: object = CIFAR10_TASK): Promise<Record<string, unknown>> {
  backendReady ??= tf.setBackend('cpu');
  await backendReady;
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', js)(module, module.exports);
  const exported = module.exports as unknown;
  const build = (typeof exported === 'function' ? exported : (exported as { default: unknown }).default) as (
    tf: unknown,
    task: object,
  ) => unknown;
  const result = (await build(tfl, task)) as { model: tfl.LayersModel };
  const topology = result.model.toJSON(null, false) as unknown as Record<string, unknown>;
  result.model.dispose();
  return topology;
}
