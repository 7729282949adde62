/**
 * Test corpus for similarity detection: solutions of the cifar10-cnn exercise written the
 * way different people would write them (each in the candidate's `build(tf, task)` form),
 * plus planted copies.
 */

/** A VGG-style network with batch normalisation, TypeScript, one layer per statement. */
export const ALICE_VGG_TS = `
interface Task {
  inputShape: number[];
  numClasses: number;
}

export default function build(tf: any, task: Task) {
  const net = tf.sequential();
  // block 1
  net.add(tf.layers.conv2d({ inputShape: task.inputShape, filters: 32, kernelSize: 3, padding: 'same', useBias: false }));
  net.add(tf.layers.batchNormalization());
  net.add(tf.layers.activation({ activation: 'relu' }));
  net.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', useBias: false }));
  net.add(tf.layers.batchNormalization());
  net.add(tf.layers.activation({ activation: 'relu' }));
  net.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  net.add(tf.layers.dropout({ rate: 0.2 }));
  // block 2
  net.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', useBias: false }));
  net.add(tf.layers.batchNormalization());
  net.add(tf.layers.activation({ activation: 'relu' }));
  net.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  net.add(tf.layers.dropout({ rate: 0.3 }));
  // head
  net.add(tf.layers.globalAveragePooling2d({}));
  net.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));

  const learningRate = 0.002;
  return {
    model: net,
    compile: { optimizer: { name: 'adam', learningRate }, loss: 'categoricalCrossentropy', metrics: ['accuracy'] },
    fit: { epochs: 4, batchSize: 128, validationSplit: 0.1 },
  };
}
`;

/** A loop over a list of widths with a helper function, JavaScript. */
export const BOB_LOOP_JS = `
// Three conv blocks of growing width, then a small classifier.
const WIDTHS = [16, 32, 64];

function addBlock(tf, model, filters, first, inputShape) {
  const opts = { filters, kernelSize: [3, 3], activation: 'relu', padding: 'same' };
  if (first) opts.inputShape = inputShape;
  model.add(tf.layers.conv2d(opts));
  model.add(tf.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }));
}

export default function build(tf, task) {
  const model = tf.sequential();
  WIDTHS.forEach((w, i) => addBlock(tf, model, w, i === 0, task.inputShape));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));
  return {
    model,
    compile: {
      optimizer: { name: 'rmsprop', learningRate: 0.0005 },
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 3, batchSize: 32 },
  };
}
`;

/** The functional API with a residual-style skip connection, TypeScript. */
export const CAROL_FUNCTIONAL_TS = `
type Task = { inputShape: number[]; numClasses: number };

/** conv -> conv, plus the input added back (same width on both paths). */
function residual(tf: any, x: any, width: number) {
  const y1 = tf.layers.conv2d({ filters: width, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x);
  const y2 = tf.layers.conv2d({ filters: width, kernelSize: 3, padding: 'same' }).apply(y1);
  const sum = tf.layers.add().apply([x, y2]);
  return tf.layers.reLU().apply(sum);
}

export default async function build(tf: any, { inputShape, numClasses }: Task) {
  const input = tf.input({ shape: inputShape });
  let h = tf.layers.conv2d({ filters: 24, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu' }).apply(input);
  h = residual(tf, h, 24);
  h = tf.layers.averagePooling2d({ poolSize: 2 }).apply(h);
  h = residual(tf, h, 24);
  h = tf.layers.flatten().apply(h);
  h = tf.layers.dropout({ rate: 0.4 }).apply(h);
  const out = tf.layers.dense({ units: numClasses, activation: 'softmax' }).apply(h);
  const model = tf.model({ inputs: input, outputs: out });
  return {
    model,
    compile: { optimizer: { name: 'adam', learningRate: 1e-3 }, loss: 'categoricalCrossentropy', metrics: ['accuracy'] },
    fit: { epochs: 3, batchSize: 64, validationSplit: 0.05 },
  };
}
`;

/** A plain multilayer perceptron with SGD and momentum, JavaScript, terse style. */
export const DAN_MLP_JS = `
export default (tf, task) => {
  const layers = [
    tf.layers.flatten({ inputShape: task.inputShape }),
    tf.layers.dense({ units: 512, activation: 'relu', kernelInitializer: 'heNormal' }),
    tf.layers.dropout({ rate: 0.3 }),
    tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: 'heNormal' }),
    tf.layers.dropout({ rate: 0.3 }),
    tf.layers.dense({ units: task.numClasses, activation: 'softmax' }),
  ];
  return {
    model: tf.sequential({ layers }),
    compile: { optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9 }, loss: 'categoricalCrossentropy', metrics: ['accuracy'] },
    fit: { epochs: 5, batchSize: 256, validationSplit: 0.1 },
  };
};
`;

/**
 * Edits the starter in place: its comments and TODOs kept, strided convolutions instead of
 * pooling, written by someone who keeps close to what they were given.
 */
export const EVE_STARTER_EDIT_TS = `
/**
 * Starter for the cifar10-cnn exercise.
 */

/** What build() receives for this exercise. */
interface Cifar10Task {
  inputShape: number[];
  numClasses: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function build(tf: any, task: Cifar10Task) {
  const model = tf.sequential();

  // strided convs downsample without pooling layers
  model.add(tf.layers.conv2d({ inputShape: task.inputShape, filters: 48, kernelSize: 3, strides: 2, activation: 'elu' }));
  model.add(tf.layers.conv2d({ filters: 96, kernelSize: 3, strides: 2, activation: 'elu' }));
  model.add(tf.layers.conv2d({ filters: 96, kernelSize: 3, activation: 'elu' }));
  model.add(tf.layers.flatten());

  model.add(tf.layers.dense({ units: 96, activation: 'elu' }));
  model.add(tf.layers.dropout({ rate: 0.25 }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));

  return {
    model,
    compile: {
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
    fit: { epochs: 3, batchSize: 64, validationSplit: 0.1 },
  };
}
`;

/**
 * The guide's CNN shape (conv/pool twice, dense, dropout) as someone who knows it would
 * write it from memory: close to the reference in spirit, different widths and padding,
 * a builder array instead of `model.add` calls.
 */
export const FRANK_GUIDE_LIKE_JS = `
export default function build(tf, task) {
  const { inputShape, numClasses } = task;
  const conv = (filters, extra = {}) => tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', ...extra });
  const pool = () => tf.layers.maxPooling2d({ poolSize: 2 });

  const m = tf.sequential();
  for (const layer of [conv(32, { inputShape }), pool(), conv(64), pool(), conv(128), pool()]) m.add(layer);
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 256, activation: 'relu' }));
  m.add(tf.layers.dropout({ rate: 0.5 }));
  m.add(tf.layers.dense({ units: numClasses, activation: 'softmax' }));

  return {
    model: m,
    compile: { optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] },
    fit: { epochs: 2, batchSize: 100, validationSplit: 0.1 },
  };
}
`;

/**
 * The reference solution's architecture (the guide's CNN) written independently through the
 * functional API with a loop: the same network layer for layer, different code.
 */
export const REFERENCE_CNN_FUNCTIONAL_JS = `
export default function build(tf, task) {
  const inp = tf.input({ shape: task.inputShape });
  let x = inp;
  [32, 64].forEach((f) => {
    x = tf.layers.conv2d({ filters: f, kernelSize: [3, 3], activation: 'relu' }).apply(x);
    x = tf.layers.maxPooling2d({ poolSize: [2, 2] }).apply(x);
  });
  x = tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }).apply(x);
  x = tf.layers.dense({ units: 64, activation: 'relu' }).apply(tf.layers.flatten().apply(x));
  x = tf.layers.dropout({ rate: 0.5 }).apply(x);
  return { model: tf.model({ inputs: inp, outputs: tf.layers.dense({ units: 10, activation: 'softmax' }).apply(x) }) };
}
`;

/** The independent solutions above, by author. */
export const INDEPENDENT_SOLUTIONS: { id: string; language: 'TYPESCRIPT' | 'JAVASCRIPT'; code: string }[] = [
  { id: 'alice', language: 'TYPESCRIPT', code: ALICE_VGG_TS },
  { id: 'bob', language: 'JAVASCRIPT', code: BOB_LOOP_JS },
  { id: 'carol', language: 'TYPESCRIPT', code: CAROL_FUNCTIONAL_TS },
  { id: 'dan', language: 'JAVASCRIPT', code: DAN_MLP_JS },
  { id: 'eve', language: 'TYPESCRIPT', code: EVE_STARTER_EDIT_TS },
  { id: 'frank', language: 'JAVASCRIPT', code: FRANK_GUIDE_LIKE_JS },
];

/**
 * Alice's solution copied by someone else and disguised: every variable renamed, converted
 * to JavaScript, re-indented with tabs, one call wrapped over several lines, double quotes,
 * no semicolons, comments replaced, and two independent statements swapped (the learning-rate
 * constant now comes before the model; `fit` now comes before `compile`).
 */
export const ALICE_PLANTED_COPY_JS = `
// my solution for CIFAR-10, a small VGG
export default function build(tfjs, info) {
\tconst lr = 0.002
\tconst m = tfjs.sequential()

\t/* first stage: two 3x3 convolutions */
\tm.add(tfjs.layers.conv2d({
\t\tinputShape: info.inputShape,
\t\tfilters: 32,
\t\tkernelSize: 3,
\t\tpadding: "same",
\t\tuseBias: false,
\t}))
\tm.add(tfjs.layers.batchNormalization())
\tm.add(tfjs.layers.activation({ activation: "relu" }))
\tm.add(tfjs.layers.conv2d({ filters: 32, kernelSize: 3, padding: "same", useBias: false }))
\tm.add(tfjs.layers.batchNormalization())
\tm.add(tfjs.layers.activation({ activation: "relu" }))
\tm.add(tfjs.layers.maxPooling2d({ poolSize: 2 }))
\tm.add(tfjs.layers.dropout({ rate: 0.2 }))

\t/* second stage */
\tm.add(tfjs.layers.conv2d({ filters: 64, kernelSize: 3, padding: "same", useBias: false }))
\tm.add(tfjs.layers.batchNormalization())
\tm.add(tfjs.layers.activation({ activation: "relu" }))
\tm.add(tfjs.layers.maxPooling2d({ poolSize: 2 }))
\tm.add(tfjs.layers.dropout({ rate: 0.3 }))

\t// classifier
\tm.add(tfjs.layers.globalAveragePooling2d({}))
\tm.add(tfjs.layers.dense({ units: info.numClasses, activation: "softmax" }))

\treturn {
\t\tmodel: m,
\t\tfit: { epochs: 4, batchSize: 128, validationSplit: 0.1 },
\t\tcompile: {
\t\t\toptimizer: { name: "adam", learningRate: lr },
\t\t\tloss: "categoricalCrossentropy",
\t\t\tmetrics: ["accuracy"],
\t\t},
\t}
}
`;

/**
 * Bob's solution copied: renamed, reformatted onto fewer lines, single quotes swapped for
 * double, comments added, and the two statements that build the classifier head's inputs
 * (`flatten` and the loop) kept while the order of the helper function and the constant is
 * swapped.
 */
export const BOB_PLANTED_COPY_JS = `
function block(lib, net, n, isFirst, shape) {   // one conv + pool
    const o = { filters: n, kernelSize: [3, 3], activation: "relu", padding: "same" }
    if (isFirst) o.inputShape = shape
    net.add(lib.layers.conv2d(o)); net.add(lib.layers.maxPooling2d({ poolSize: [2, 2], strides: [2, 2] }))
}
const SIZES = [16, 32, 64]   // widths per block

export default function build(lib, t) {
    const net = lib.sequential()
    SIZES.forEach((s, k) => block(lib, net, s, k === 0, t.inputShape))
    net.add(lib.layers.flatten()); net.add(lib.layers.dense({ units: 128, activation: "relu" }))
    net.add(lib.layers.dense({ units: t.numClasses, activation: "softmax" }))
    return { model: net, compile: { optimizer: { name: "rmsprop", learningRate: 0.0005 }, loss: "categoricalCrossentropy", metrics: ["accuracy"] }, fit: { epochs: 3, batchSize: 32 } }
}
`;
