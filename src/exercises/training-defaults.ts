/**
 * The compile and fit settings a MODEL exercise applies when a submission gives none: a bare
 * Keras `model.to_json()` carries no fit settings, and carries compile settings only when Keras 3
 * wrote a `compile_config`. Derived from the task and budget, so every MODEL exercise has them
 * and they stay inside its limits; shown on the Exercise type (`trainingDefaults`).
 */
import type { ModelBudgetSpec, ModelTaskSpec } from './exercise.types.js';

export interface TrainingDefaults {
  compile: {
    optimizer: { name: 'adam'; learningRate: number };
    loss: 'sparseCategoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError';
    metrics: ['accuracy'];
  };
  fit: { epochs: number; batchSize: number; validationSplit: number };
}

/** Keras' own defaults where it has them (Adam at 0.001, batch size 32, no validation split). */
export function trainingDefaults(
  task: Pick<ModelTaskSpec, 'output'>,
  budget: Pick<ModelBudgetSpec, 'maxEpochs' | 'maxBatchSize' | 'minBatchSize'>,
): TrainingDefaults {
  return {
    compile: {
      optimizer: { name: 'adam', learningRate: 0.001 },
      // The loss that fits the output the task asks for; a 1-unit sigmoid output on a two-class
      // task without one is given binaryCrossentropy by the validator (lossForOutput).
      loss:
        task.output === 'reconstruction'
          ? 'meanSquaredError'
          : task.output === 'sigmoid'
            ? 'binaryCrossentropy'
            : 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    },
    // Keras trains one epoch unless told otherwise; an exercise's budget is what it allows, so
    // the default uses all of it rather than Keras' single epoch.
    fit: {
      epochs: budget.maxEpochs,
      batchSize: Math.max(budget.minBatchSize ?? 1, Math.min(32, budget.maxBatchSize)),
      validationSplit: 0,
    },
  };
}
