import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SandboxPool } from '../../sandbox/sandbox.js';
import type { ModelTask, SandboxOutcome, SandboxSuccess, SubmissionLanguage } from '../../sandbox/sandbox.types.js';
import {
  CIFAR10_TASK,
  FUNCTIONAL_BIGRU_JS,
  GUIDE_CNN_KERAS_JSON,
  GUIDE_CNN_TS,
  GUIDE_LSTM_JS,
  IMDB_TASK,
  denseModelJs,
} from '../../sandbox/testing/submissions.js';
import {
  ALLOWED_LAYER_CLASSES,
  type ModelBudget,
  type Refusal,
  formatRefusals,
  listTopologyLayers,
  validateModel,
} from './model-validation.js';

const CIFAR_BUDGET: ModelBudget = {
  maxParams: 500_000,
  maxEpochs: 5,
  maxBatchSize: 256,
  minBatchSize: 8,
  wallClockSeconds: 900,
};
const IMDB_BUDGET: ModelBudget = { maxParams: 2_000_000, maxEpochs: 3, maxBatchSize: 128, wallClockSeconds: 900 };

const pool = new SandboxPool();
let cnn: SandboxSuccess;
let lstm: SandboxSuccess;
let biGru: SandboxSuccess;

async function sandboxed(language: SubmissionLanguage, code: string, task: ModelTask): Promise<SandboxSuccess> {
  const outcome: SandboxOutcome = await pool.build({ language, code, task });
  if (!outcome.ok) throw new Error(`sandbox refused a fixture: ${outcome.code} ${outcome.message}`);
  return outcome;
}

beforeAll(async () => {
  cnn = await sandboxed('TYPESCRIPT', GUIDE_CNN_TS, CIFAR10_TASK);
  lstm = await sandboxed('JAVASCRIPT', GUIDE_LSTM_JS, IMDB_TASK);
  biGru = await sandboxed('JAVASCRIPT', FUNCTIONAL_BIGRU_JS, IMDB_TASK);
});
afterAll(() => pool.close());

/** A deep copy of an outcome with some parts replaced. */
function variant(base: SandboxSuccess, change: (o: SandboxSuccess) => void): SandboxSuccess {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

function withPlan(base: SandboxSuccess, compile: unknown, fit: unknown): SandboxSuccess {
  return variant(base, (o) => {
    o.plan = { compile, fit };
  });
}

function topLayers(o: SandboxSuccess): { class_name: string; config: Record<string, unknown> }[] {
  return (o.topology.config as { layers: { class_name: string; config: Record<string, unknown> }[] }).layers;
}

function refusalsOf(
  outcome: SandboxSuccess,
  task: ModelTask = CIFAR10_TASK,
  budget: ModelBudget = CIFAR_BUDGET,
): Refusal[] {
  const result = validateModel(outcome, task, budget);
  if (result.ok) throw new Error('expected refusals, the model was accepted');
  return result.refusals;
}

function messages(outcome: SandboxSuccess, task?: ModelTask, budget?: ModelBudget): string[] {
  return refusalsOf(outcome, task, budget).map((r) => r.message);
}

const ADAM = { optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' };
const FIT = { epochs: 2, batchSize: 64 };

describe('accepted models and their normalised plans', () => {
  it("accepts the guide's CNN and normalises its plan", () => {
    const result = validateModel(cnn, CIFAR10_TASK, CIFAR_BUDGET);
    if (!result.ok) throw new Error(formatRefusals(result.refusals));
    expect(result.plan.compile).toEqual({
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    expect(result.plan.fit).toEqual({ epochs: 2, batchSize: 64, validationSplit: 0.1 });
    expect(result.plan.labels).toBe('sparse');
    expect(result.plan.outputUnits).toBe(10);
    expect(result.plan.params.total).toBe(122_570);
    expect(result.plan.wallClockSeconds).toBe(900);
  });

  it("accepts the guide's LSTM on the binary IMDb task with a sigmoid output", () => {
    const result = validateModel(lstm, IMDB_TASK, IMDB_BUDGET);
    if (!result.ok) throw new Error(formatRefusals(result.refusals));
    expect(result.plan.labels).toBe('binary');
    expect(result.plan.outputUnits).toBe(1);
    expect(result.plan.compile.optimizer).toEqual({ name: 'adam', learningRate: 0.001 });
    expect(result.plan.fit).toEqual({ epochs: 3, batchSize: 64, validationSplit: 0 });
  });

  it('accepts a functional model with a Bidirectional GRU and a 2-unit softmax on the binary task', () => {
    const result = validateModel(biGru, IMDB_TASK, IMDB_BUDGET);
    if (!result.ok) throw new Error(formatRefusals(result.refusals));
    expect(result.plan.labels).toBe('sparse');
    expect(result.plan.compile.optimizer).toEqual({ name: 'rmsprop', learningRate: 0.001 });
  });

  it('accepts a KERAS_JSON submission and maps Keras spellings to tfjs ones', async () => {
    const keras = await sandboxed('KERAS_JSON', GUIDE_CNN_KERAS_JSON, CIFAR10_TASK);
    const result = validateModel(keras, CIFAR10_TASK, CIFAR_BUDGET);
    if (!result.ok) throw new Error(formatRefusals(result.refusals));
    expect(result.plan.compile.optimizer).toEqual({ name: 'adam', learningRate: 0.001 });
    expect(result.plan.compile.loss).toBe('sparseCategoricalCrossentropy');
    expect(result.plan.fit).toEqual({ epochs: 2, batchSize: 64, validationSplit: 0.1 });
    expect(result.plan.params.total).toBe(122_570);
  });

  it("treats Keras' SGD with momentum as the momentum optimizer and RMSprop's rho as decay", () => {
    const sgd = validateModel(
      withPlan(
        cnn,
        { ...ADAM, optimizer: { class_name: 'SGD', config: { learning_rate: 0.05, momentum: 0.9, nesterov: true } } },
        FIT,
      ),
      CIFAR10_TASK,
      CIFAR_BUDGET,
    );
    expect(sgd.ok && sgd.plan.compile.optimizer).toEqual({
      name: 'momentum',
      learningRate: 0.05,
      momentum: 0.9,
      useNesterov: true,
    });
    const rms = validateModel(
      withPlan(cnn, { ...ADAM, optimizer: { name: 'RMSprop', lr: 0.002, rho: 0.95 } }, FIT),
      CIFAR10_TASK,
      CIFAR_BUDGET,
    );
    expect(rms.ok && rms.plan.compile.optimizer).toEqual({ name: 'rmsprop', learningRate: 0.002, decay: 0.95 });
  });

  it('ignores inert bookkeeping keys of a copied Keras optimizer config', () => {
    const optimizer = {
      class_name: 'Adam',
      config: {
        name: 'Adam',
        learning_rate: 0.001,
        beta_1: 0.9,
        beta_2: 0.999,
        epsilon: 1e-7,
        amsgrad: false,
        clipnorm: null,
        jit_compile: false,
        is_legacy_optimizer: false,
      },
    };
    const result = validateModel(withPlan(cnn, { ...ADAM, optimizer }, FIT), CIFAR10_TASK, CIFAR_BUDGET);
    expect(result.ok && result.plan.compile.optimizer).toEqual({
      name: 'adam',
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
  });

  it('uses the default batch size, capped by the budget, when the plan gives none', () => {
    const result = validateModel(withPlan(cnn, ADAM, { epochs: 1 }), CIFAR10_TASK, {
      ...CIFAR_BUDGET,
      maxBatchSize: 16,
    });
    expect(result.ok && result.plan.fit).toEqual({ epochs: 1, batchSize: 16, validationSplit: 0 });
  });

  it('carries image augmentation into the plan, and drops one that asks for nothing', () => {
    const asked = validateModel(
      withPlan(cnn, ADAM, { epochs: 1, augment: { horizontalFlip: true, cropPadding: 4 } }),
      CIFAR10_TASK,
      CIFAR_BUDGET,
    );
    expect(asked.ok && asked.plan.fit.augment).toEqual({ horizontalFlip: true, cropPadding: 4 });
    const nothing = validateModel(
      withPlan(cnn, ADAM, { epochs: 1, augment: { horizontalFlip: false } }),
      CIFAR10_TASK,
      CIFAR_BUDGET,
    );
    expect(nothing.ok && 'augment' in nothing.plan.fit).toBe(false);
  });

  it('carries a cosine learning-rate schedule into the plan (Keras spelling too), and leaves out a constant one', () => {
    for (const fit of [
      { epochs: 1, learningRateSchedule: 'cosine' },
      { epochs: 1, learning_rate_schedule: 'cosine' },
    ]) {
      const result = validateModel(withPlan(cnn, ADAM, fit), CIFAR10_TASK, CIFAR_BUDGET);
      expect(result.ok && result.plan.fit.learningRateSchedule).toBe('cosine');
    }
    const constant = validateModel(
      withPlan(cnn, ADAM, { epochs: 1, learningRateSchedule: 'constant' }),
      CIFAR10_TASK,
      CIFAR_BUDGET,
    );
    expect(constant.ok && 'learningRateSchedule' in constant.plan.fit).toBe(false);
  });

  it('refuses augmentation for a task whose inputs are not images', () => {
    expect(
      messages(
        withPlan(
          lstm,
          { optimizer: 'adam', loss: 'binaryCrossentropy' },
          { epochs: 1, augment: { horizontalFlip: true } },
        ),
        IMDB_TASK,
        IMDB_BUDGET,
      ),
    ).toEqual([expect.stringMatching(/^fit\.augment: only image tasks can be augmented; this task's input is \[/)]);
  });
});

describe('refusals, each naming the layer or field and the limit', () => {
  it('refuses a Lambda layer, listing the allowed classes', () => {
    const withLambda = variant(cnn, (o) => {
      topLayers(o).splice(3, 0, { class_name: 'Lambda', config: { name: 'lambda', function: 'x => x' } });
    });
    const [message] = messages(withLambda);
    expect(message).toBe(
      `layers[3] (lambda): layer class "Lambda" is not allowed; allowed: ${ALLOWED_LAYER_CLASSES.join(', ')}`,
    );
  });

  it('refuses a built-in layer class that is not on the allow-list', async () => {
    const code = `export default function build(tf, task) {
      const model = tf.sequential();
      model.add(tf.layers.zeroPadding2d({ padding: 1, inputShape: task.inputShape }));
      model.add(tf.layers.flatten());
      model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      return { model, compile: { optimizer: 'adam', loss: 'categoricalCrossentropy' }, fit: { epochs: 1 } };
    }`;
    const outcome = await sandboxed('JAVASCRIPT', code, CIFAR10_TASK);
    expect(messages(outcome)).toEqual([
      expect.stringMatching(
        /^layers\[0\] \(zero_padding2d_\w+\): layer class "ZeroPadding2D" is not allowed; allowed: Dense,/,
      ),
    ]);
  });

  it('walks into Bidirectional and refuses what it may not wrap', () => {
    const wrapped = variant(biGru, (o) => {
      const bidirectional = topLayers(o)[2];
      (bidirectional.config.layer as { class_name: string }).class_name = 'ConvLSTM2D';
    });
    const found = messages(wrapped, IMDB_TASK, IMDB_BUDGET);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(
      /^layers\[2\] \(bidirectional_\w+\): Bidirectional can wrap only LSTM, GRU, SimpleRNN; it wraps "ConvLSTM2D"$/,
    );
    expect(found[1]).toMatch(/^layers\[2\]\.layer \(gru_\w+\): layer class "ConvLSTM2D" is not allowed/);
  });

  it('walks into a model used as a layer', () => {
    const nested = variant(cnn, (o) => {
      topLayers(o).splice(1, 0, {
        class_name: 'Sequential',
        config: { name: 'inner', layers: [{ class_name: 'PReLU', config: { name: 'prelu' } }] },
      });
    });
    expect(messages(nested)).toEqual([
      expect.stringMatching(/^layers\[1\]\.layers\[0\] \(prelu\): layer class "PReLU" is not allowed/),
    ]);
  });

  it('refuses a model whose input shape is not the task’s', () => {
    const wrongInput = variant(cnn, (o) => {
      o.inputShapes = [[null, 28, 28, 1]];
    });
    expect(messages(wrongInput)).toEqual([
      "input: the model's input shape is [28, 28, 1]; this task's inputs have shape [32, 32, 3]",
    ]);
  });

  it('refuses an output with the wrong number of units', () => {
    const fiveUnits = variant(cnn, (o) => {
      o.outputShapes = [[null, 5]];
    });
    expect(messages(fiveUnits)).toEqual([
      expect.stringMatching(
        /^output \(dense_\w+\): the model ends in 5 units with "softmax"; this task needs 10 units with "softmax"$/,
      ),
    ]);
  });

  it('refuses an output without softmax', () => {
    const relu = variant(cnn, (o) => {
      const layers = topLayers(o);
      layers[layers.length - 1].config.activation = 'relu';
    });
    expect(messages(relu)[0]).toMatch(/ends in 10 units with "relu"; this task needs 10 units with "softmax"/);
  });

  it('on a binary task, refuses a sigmoid output of the wrong width', () => {
    const twoSigmoid = variant(lstm, (o) => {
      o.outputShapes = [[null, 2]];
    });
    expect(messages(twoSigmoid, IMDB_TASK, IMDB_BUDGET)[0]).toMatch(
      /ends in 2 units with "sigmoid"; this task needs 2 units with "softmax", or 1 unit with "sigmoid"/,
    );
  });

  it('holds the output to the form the exercise names in task.output', () => {
    expect(messages(biGru, { ...IMDB_TASK, output: 'sigmoid' }, IMDB_BUDGET)).toEqual([
      expect.stringMatching(
        /^output \(dense_\w+\): the model ends in 2 units with "softmax"; this task needs 1 unit with "sigmoid"$/,
      ),
    ]);
    expect(messages(lstm, { ...IMDB_TASK, output: 'softmax' }, IMDB_BUDGET)[0]).toMatch(
      /ends in 1 unit with "sigmoid"; this task needs 2 units with "softmax"$/,
    );
  });

  it('refuses a loss that does not fit the output', () => {
    expect(messages(withPlan(cnn, { optimizer: 'adam', loss: 'binaryCrossentropy' }, FIT))).toEqual([
      'compile.loss: "binaryCrossentropy" does not fit a 10-unit softmax output; use "sparseCategoricalCrossentropy" (integer labels) or "categoricalCrossentropy" (one-hot labels)',
    ]);
    expect(
      messages(withPlan(lstm, { optimizer: 'adam', loss: 'categoricalCrossentropy' }, FIT), IMDB_TASK, IMDB_BUDGET),
    ).toEqual([
      'compile.loss: "categoricalCrossentropy" does not fit a 1-unit sigmoid output; use "binaryCrossentropy"',
    ]);
  });

  it('refuses a loss that is not on the allow-list, and a reconstruction loss for a classification task', () => {
    expect(messages(withPlan(cnn, { optimizer: 'adam', loss: 'hinge' }, FIT))).toEqual([
      'compile.loss: loss "hinge" is not allowed; allowed: categoricalCrossentropy, sparseCategoricalCrossentropy, binaryCrossentropy, meanSquaredError',
    ]);
    expect(messages(withPlan(cnn, { optimizer: 'adam', loss: 'meanSquaredError' }, FIT))).toEqual([
      'compile.loss: "meanSquaredError" is for reconstruction tasks; this task classifies, so use a cross-entropy: categoricalCrossentropy, sparseCategoricalCrossentropy, binaryCrossentropy',
    ]);
  });

  it('refuses a model over the parameter budget, naming its largest layers', async () => {
    const huge = await sandboxed('JAVASCRIPT', denseModelJs(325_521), CIFAR10_TASK);
    const [message] = messages(huge);
    expect(message).toMatch(
      /^parameters: the model has 1,003,\d{3},\d{3} parameters; this exercise allows at most 500,000 \(largest layers: dense_\w+ 1,000,\d{3},\d{3}, /,
    );
  });

  it('refuses an optimizer that is not on the allow-list', () => {
    expect(messages(withPlan(cnn, { ...ADAM, optimizer: 'ftrl' }, FIT))).toEqual([
      'compile.optimizer.name: optimizer "ftrl" is not allowed; allowed: sgd, momentum, adam, adamax, rmsprop, adagrad, adadelta',
    ]);
  });

  it.each([
    [10, 'compile.optimizer.learningRate: 10 is outside the allowed range [0.000001, 1]'],
    [0, 'compile.optimizer.learningRate: 0 is outside the allowed range [0.000001, 1]'],
    ['fast', 'compile.optimizer.learningRate: "fast" is outside the allowed range [0.000001, 1]'],
  ])('refuses a learning rate of %p', (learningRate, expected) => {
    expect(messages(withPlan(cnn, { ...ADAM, optimizer: { name: 'adam', learningRate } }, FIT))).toEqual([expected]);
  });

  it('refuses an option the optimizer does not take, and an option out of range', () => {
    expect(messages(withPlan(cnn, { ...ADAM, optimizer: { name: 'adam', momentum: 0.9, beta1: 1.5 } }, FIT))).toEqual([
      'compile.optimizer.momentum: "adam" takes no option "momentum"; its options: learningRate, beta1, beta2, epsilon',
      'compile.optimizer.beta1: 1.5 is outside the allowed range [0, 1)',
    ]);
  });

  it('refuses metrics other than accuracy and unknown compile keys', () => {
    expect(messages(withPlan(cnn, { ...ADAM, metrics: ['accuracy', 'auc'], runEagerly: true }, FIT))).toEqual([
      'compile.metrics[1]: "auc" is not supported; the grade measures what it needs, so metrics may be omitted, ["accuracy"] or ["mse"]',
      'compile.runEagerly: "runEagerly" is not supported; compile takes optimizer, loss and metrics',
    ]);
  });

  it('refuses more epochs than the exercise allows', () => {
    expect(messages(withPlan(cnn, ADAM, { epochs: 40, batchSize: 64 }))).toEqual([
      "fit.epochs: 40 is over this exercise's limit of 5",
    ]);
  });

  it.each([
    [{ epochs: 0 }, 'fit.epochs: 0 must be a whole number of at least 1'],
    [{ epochs: 1.5 }, 'fit.epochs: 1.5 must be a whole number of at least 1'],
    [{ batchSize: 32 }, 'fit.epochs: missing; give a whole number from 1 to 5'],
    [{ epochs: 1, batchSize: 4 }, "fit.batchSize: 4 is outside this exercise's range of 8 to 256"],
    [{ epochs: 1, batchSize: 1024 }, "fit.batchSize: 1024 is outside this exercise's range of 8 to 256"],
    [{ epochs: 1, validationSplit: 0.5 }, 'fit.validationSplit: 0.5 is outside the allowed range [0, 0.5)'],
    [{ epochs: 1, validationSplit: -0.1 }, 'fit.validationSplit: -0.1 is outside the allowed range [0, 0.5)'],
    [
      { epochs: 1, callbacks: ['earlyStopping'] },
      'fit.callbacks: "callbacks" is not supported; fit takes epochs, batchSize, validationSplit, augment and learningRateSchedule',
    ],
    [
      { epochs: 1, learningRateSchedule: 'exponential' },
      'fit.learningRateSchedule: "exponential" is not a schedule; give "constant" or "cosine"',
    ],
    [
      { epochs: 1, augment: 'flip' },
      'fit.augment: "flip" must be an object { horizontalFlip?: boolean, cropPadding?: number }',
    ],
    [{ epochs: 1, augment: { horizontalFlip: 'yes' } }, 'fit.augment.horizontalFlip: "yes" must be true or false'],
    [
      { epochs: 1, augment: { cropPadding: 9 } },
      'fit.augment.cropPadding: 9 must be a whole number of pixels from 0 to 8',
    ],
    [
      { epochs: 1, augment: { cropPadding: 1.5 } },
      'fit.augment.cropPadding: 1.5 must be a whole number of pixels from 0 to 8',
    ],
    [
      { epochs: 1, augment: { rotate: 15 } },
      'fit.augment.rotate: "rotate" is not supported; augment takes horizontalFlip and cropPadding',
    ],
  ])('refuses the fit plan %j', (fit, expected) => {
    expect(messages(withPlan(cnn, ADAM, fit))).toEqual([expected]);
  });

  it('refuses a plan without compile or fit', () => {
    expect(messages(withPlan(cnn, null, null))).toEqual([
      'compile: missing; return compile: { optimizer, loss, metrics? }',
      'fit: missing; return fit: { epochs, batchSize, validationSplit?, augment?, learningRateSchedule? }',
    ]);
  });

  it('refuses an embedding smaller than the task vocabulary', () => {
    const small = variant(lstm, (o) => {
      topLayers(o)[0].config.input_dim = 5000;
    });
    expect(messages(small, IMDB_TASK, IMDB_BUDGET)).toEqual([
      expect.stringMatching(
        /^layers\[0\] \(embedding_\w+\): input_dim 5,000 is smaller than this task's vocabulary of 10,000 token ids/,
      ),
    ]);
  });

  it('refuses a dropout rate outside [0, 1)', () => {
    const dropout = variant(cnn, (o) => {
      topLayers(o)[7].config.rate = 1.2;
    });
    expect(messages(dropout)).toEqual([
      expect.stringMatching(/^layers\[7\] \(dropout_\w+\): dropout rate 1.2 is outside \[0, 1\)$/),
    ]);
  });

  it('reports every problem at once, one per line', () => {
    const bad = variant(withPlan(cnn, { optimizer: 'lamb', loss: 'hinge' }, { epochs: 99 }), (o) => {
      o.inputShapes = [[null, 10]];
    });
    const text = formatRefusals(refusalsOf(bad));
    expect(text.split('\n').map((line) => line.split(':')[0])).toEqual([
      'input',
      'compile.optimizer.name',
      'compile.loss',
      'fit.epochs',
    ]);
  });
});

describe('listTopologyLayers', () => {
  it('lists top-level and wrapped layers with their paths', () => {
    expect(listTopologyLayers(biGru.topology).map((l) => `${l.path}=${l.className}`)).toEqual([
      'layers[0]=InputLayer',
      'layers[1]=Embedding',
      'layers[2]=Bidirectional',
      'layers[2].layer=GRU',
      'layers[3]=Dense',
    ]);
  });

  it('reads the old Keras Sequential format whose config is a bare list', () => {
    const old = {
      class_name: 'Sequential',
      config: [
        { class_name: 'Dense', config: { name: 'd' } },
        { class_name: 'Lambda', config: { name: 'l' } },
      ],
    };
    expect(listTopologyLayers(old).map((l) => `${l.path}=${l.className}`)).toEqual([
      'layers[0]=Dense',
      'layers[1]=Lambda',
    ]);
  });
});
