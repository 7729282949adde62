import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { kerasFixture } from '../src/sandbox/testing/keras-fixtures.js';
import { signedInUser } from './factories/user.factory.js';
import { SUBMIT, waitForFinalSubmission } from './factories/submission.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';
import { contentWithTinyExercise, TINY_EXERCISE } from './support/test-content.js';
import { startTestWorker, type WorkerProcess } from './support/worker-process.js';

const EXERCISE = `query E($slug: String!) { exercise(slug: $slug) {
  trainingDefaults { optimizer learningRate loss epochs batchSize validationSplit } } }`;

/**
 * The guide's CNN as the same network in tfjs: Keras' default initializers (tfjs's kernel
 * default is glorotNormal) and the compile/fit the Keras submission ends up with (its
 * compile_config's Adam at 0.001 (float32 in the JSON), the exercise's default fit).
 */
const GUIDE_CNN_SAME_AS_KERAS = `
export default function build(tf, task) {
  const k = { kernelInitializer: 'glorotUniform' };
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ ...k, filters: 32, kernelSize: 3, activation: 'relu', inputShape: task.inputShape }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ ...k, filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ ...k, filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ ...k, units: 64, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ ...k, units: task.numClasses, activation: 'softmax' }));
  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      loss: 'sparseCategoricalCrossentropy',
    },
    fit: { epochs: 1, batchSize: 32, validationSplit: 0 },
  };
}`;

describe('Keras models as Python users save them: API + worker + real CIFAR-10 subset', () => {
  let api: TestApi;
  let content: ReturnType<typeof contentWithTinyExercise>;
  let worker: WorkerProcess;
  let token: string;

  beforeAll(async () => {
    // One epoch by default (the exercise's maxEpochs), on the tiny exercise's class-balanced subsets.
    content = contentWithTinyExercise({ maxEpochs: 1 });
    api = await startTestApi({ CONTENT_DIR: content.dir });
    worker = await startTestWorker(api, { CONTENT_DIR: content.dir });
    token = (await signedInUser(api)).token;
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.close();
    content?.remove();
  });

  const submit = async (language: string, code: string) => {
    const res = await api.gql<{ submitSolution: { id: string } }>(
      SUBMIT,
      { input: { exerciseSlug: TINY_EXERCISE, language, code } },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.submitSolution.id;
  };

  const waitFinal = (id: string) =>
    waitForFinalSubmission(api, id, token, { timeoutMs: 240_000, log: () => worker.output.slice(-2000) });

  it('shows the exercise defaults a Keras submission without compile/fit gets', async () => {
    const res = await api.gql<{ exercise: { trainingDefaults: unknown } }>(EXERCISE, { slug: TINY_EXERCISE });
    expect(res.errors).toBeUndefined();
    expect(res.data!.exercise.trainingDefaults).toEqual({
      optimizer: 'adam',
      learningRate: 0.001,
      loss: 'sparseCategoricalCrossentropy',
      epochs: 1,
      batchSize: 32,
      validationSplit: 0,
    });
  });

  it("trains and grades a bare Keras 3 to_json() of the guide's CNN, to the same accuracy as the TypeScript build with the same seed", async () => {
    const keras = await waitFinal(await submit('KERAS_JSON', JSON.stringify(kerasFixture('guide-cnn', 3))));
    expect(keras.reason ?? '').not.toMatch(/refused|invalid/i);
    expect(['PASSED', 'FAILED']).toContain(keras.status);
    expect(keras.paramCount).toBe(122_570);
    expect(keras.epochs).toHaveLength(1);
    expect(keras.evaluation.count).toBe(500);
    expect(keras.grade.passed).toBe(keras.status === 'PASSED');

    const typescript = await waitFinal(await submit('JAVASCRIPT', GUIDE_CNN_SAME_AS_KERAS));
    expect(['PASSED', 'FAILED']).toContain(typescript.status);
    expect(typescript.paramCount).toBe(122_570);
    // Same network, same weights at the start (the training seed), same batches: the same result.
    expect(keras.evaluation.accuracy).toBe(typescript.evaluation.accuracy);
    expect(keras.epochs[0].loss).toBe(typescript.epochs[0].loss);
    expect(keras.status).toBe(typescript.status);
  }, 600_000);
});
