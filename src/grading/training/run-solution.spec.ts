import { describe, it, expect } from '@jest/globals';
import path from 'node:path';
import { loadContent } from '../../content/content-loader.js';
import { formatEpoch, modelExerciseSpec, trainBudgetFor } from './run-solution.js';

const content = loadContent(path.resolve('exercises'));
const cifar = content.exercises.find((e) => e.file.slug === 'cifar10-cnn')!;

describe('run-solution helpers', () => {
  it('reads a MODEL exercise into the task the sandbox gets and the budget the trainer gets', () => {
    const spec = modelExerciseSpec(cifar);
    expect(spec.task).toEqual({ dataset: 'cifar10', inputShape: [32, 32, 3], numClasses: 10, output: 'softmax' });
    expect(spec.budget.maxParams).toBe(cifar.file.budget!.maxParams);
    expect(spec.threshold).toBe(cifar.file.threshold);
    expect(trainBudgetFor(spec)).toEqual({
      maxEpochs: cifar.file.budget!.maxEpochs,
      wallClockSeconds: cifar.file.budget!.wallClockSeconds,
      trainSubset: cifar.file.budget!.trainSubset,
      testSubset: cifar.file.budget!.testSubset,
      // cifar10-cnn's grader (accuracy-threshold) needs no train accuracy; threshold-and-gap would.
      measureTrainAccuracy: false,
    });
  });

  it('reduces the budget for a quick run without ever raising it', () => {
    const spec = modelExerciseSpec(cifar);
    expect(trainBudgetFor(spec, { trainSubset: 2000, testSubset: 1000, maxEpochs: 1 })).toMatchObject({
      maxEpochs: 1,
      trainSubset: 2000,
      testSubset: 1000,
    });
    const tight = { ...spec, budget: { ...spec.budget, maxEpochs: 1, trainSubset: 500 } };
    expect(trainBudgetFor(tight, { trainSubset: 2000, testSubset: 1000, maxEpochs: 3 })).toMatchObject({
      maxEpochs: 1,
      trainSubset: 500,
    });
  });

  it('refuses an exercise that is not a MODEL exercise', () => {
    expect(() => modelExerciseSpec({ ...cifar, file: { ...cifar.file, type: 'QUIZ' } })).toThrow(
      /not a MODEL exercise/,
    );
  });

  it('formats an epoch line with validation figures and a cut-short marker', () => {
    const line = formatEpoch(
      {
        epoch: 1,
        loss: 1.23456,
        accuracy: 0.5,
        valLoss: 1.1,
        valAccuracy: 0.55,
        examplesPerSecond: 400.4,
        seconds: 112.3,
        partial: true,
        batches: 17,
      },
      3,
    );
    expect(line).toBe(
      'epoch 2/3 (cut short after 17 batches)  loss 1.2346  acc 50.0 %  val_loss 1.1000  val_acc 55.0 %  400 ex/s  112 s',
    );
  });
});
