/**
 * A learning-rate schedule over one training: `constant` keeps the optimizer's own rate;
 * `cosine` lowers it along half a cosine period, from the optimizer's rate at the first batch
 * to zero after the last planned one (SGDR's annealing, without restarts). A short training
 * ends on small steps, so its final weights, and the batch-norm averages that follow them,
 * are less at the mercy of the last few batches.
 */
import type * as tf from '@tensorflow/tfjs-core';

export const LEARNING_RATE_SCHEDULES = ['constant', 'cosine'] as const;
export type LearningRateSchedule = (typeof LEARNING_RATE_SCHEDULES)[number];

/** The rate for batch `step` (0-based) of `totalSteps` planned batches. */
export function scheduledLearningRate(
  schedule: LearningRateSchedule,
  base: number,
  step: number,
  totalSteps: number,
): number {
  if (schedule === 'constant' || totalSteps <= 0) return base;
  return base * 0.5 * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / totalSteps));
}

/** tfjs' optimizers keep their rate in a field; SGD and momentum also as a tensor, which setLearningRate renews. */
type RateHolder = { learningRate: number; setLearningRate?: (lr: number) => void };

/** The optimizer's rate as it was built. */
export function learningRateOf(optimizer: tf.Optimizer): number {
  return (optimizer as unknown as RateHolder).learningRate;
}

/** Sets the rate every later step uses (each optimizer reads it per step; the fused native Adam too). */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const holder = optimizer as unknown as RateHolder;
  if (typeof holder.setLearningRate === 'function') holder.setLearningRate(lr);
  else holder.learningRate = lr;
}
