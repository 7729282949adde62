/**
 * Checks of a reconstruction task (task.output 'reconstruction', an autoencoder): the output has
 * the input's shape, and with task.maxCodeSize some layer is a bottleneck of at most that many
 * values per example.
 */
import type { ModelTask, SandboxSuccess } from '../../sandbox/sandbox.types.js';
import { fmt, refuse, type Refusal } from './refusal.js';

const shape = (dims: readonly (number | null)[]): string =>
  `[${dims.map((d) => (d === null ? 'any' : String(d))).join(', ')}]`;

/** Values per example in a layer's output shape (batch dimension first); undefined when not one known shape. */
function valuesPerExample(outputShape: unknown): number | undefined {
  if (!Array.isArray(outputShape) || outputShape.length < 2) return undefined;
  const dims = outputShape.slice(1);
  return dims.every((d) => typeof d === 'number') ? dims.reduce((a: number, b: number) => a * b, 1) : undefined;
}

/**
 * A reconstruction task with maxCodeSize: some layer must squeeze each example into at most that
 * many values, else a network can learn to copy its input and nothing is learnt about the data.
 */
export function checkCodeSize(outcome: SandboxSuccess, task: ModelTask, refusals: Refusal[]): void {
  if (task.output !== 'reconstruction' || task.maxCodeSize === undefined) return;
  const sizes = outcome.params.layers
    .map((l) => ({ name: l.name, size: valuesPerExample(l.outputShape) }))
    .filter((l): l is { name: string; size: number } => l.size !== undefined);
  const narrowest = sizes.reduce<{ name: string; size: number } | undefined>(
    (a, b) => (a === undefined || b.size < a.size ? b : a),
    undefined,
  );
  if (narrowest && narrowest.size <= task.maxCodeSize) return;
  refuse(
    refusals,
    'bottleneck',
    `the narrowest layer${narrowest ? ` (${narrowest.name})` : ''} holds ${narrowest ? fmt(narrowest.size) : 'an unknown number of'} values per image; this task needs a code of at most ${fmt(task.maxCodeSize)} values somewhere in the model, so it cannot simply copy its input`,
  );
}

/** A reconstruction output: the input's own shape, any activation (sigmoid fits pixels in 0..1). */
export function checkReconstructionOutput(out: (number | null)[], where: string, task: ModelTask, refusals: Refusal[]) {
  const fits = out.length === task.inputShape.length && out.every((d, i) => d === task.inputShape[i]);
  if (fits) return { units: task.inputShape.reduce((a, b) => a * b, 1), activation: 'reconstruction' as const };
  refuse(
    refusals,
    where,
    `the model's output has shape ${shape(out)}; this task reconstructs its input, so the output must have the input's shape ${shape(task.inputShape)}`,
  );
  return undefined;
}
