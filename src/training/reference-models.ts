/**
 * The reference models of the benchmark and the real-data test, as the
 * Chinese career guide writes them (Keras), rebuilt with tfjs-layers.
 */
import * as tfl from '@tensorflow/tfjs-layers';

/** CIFAR-10 CNN: Conv 32-3×3, MaxPool 2, Conv 64-3×3, MaxPool 2, Conv 64-3×3, Flatten, Dense 64, Dropout 0.5, Dense 10. */
export function guideCnn(): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 64, activation: 'relu' }));
  m.add(tfl.layers.dropout({ rate: 0.5 }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

/**
 * The guide's CNN with batch normalisation before every ReLU (conv biases dropped: the
 * normalisation's offset replaces them): the first reference tried for cifar10-bn-augment,
 * whose published reference normalises the convolutions only.
 */
export function guideCnnBatchNorm(): tfl.LayersModel {
  const m = tfl.sequential();
  const normalisedRelu = () => {
    m.add(tfl.layers.batchNormalization());
    m.add(tfl.layers.activation({ activation: 'relu' }));
  };
  m.add(tfl.layers.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, useBias: false }));
  normalisedRelu();
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, useBias: false }));
  normalisedRelu();
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, useBias: false }));
  normalisedRelu();
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 64, useBias: false }));
  normalisedRelu();
  m.add(tfl.layers.dropout({ rate: 0.3 }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

/** IMDb LSTM: Embedding vocab×128, LSTM 64, Dense 1 sigmoid. */
export function guideLstm(vocabSize = 10000, seqLen = 500): tfl.LayersModel {
  return imdbRecurrent(tfl.layers.lstm({ units: 64 }), vocabSize, seqLen);
}

/** IMDb GRU: the guide LSTM's shape with a GRU 64 (tfjs-layers applies the reset gate before the recurrent product). */
export function imdbGru(vocabSize = 10000, seqLen = 500): tfl.LayersModel {
  return imdbRecurrent(tfl.layers.gru({ units: 64 }), vocabSize, seqLen);
}

/** Embedding vocab×128, then `recurrent`, then Dense 1 sigmoid. */
function imdbRecurrent(recurrent: tfl.layers.Layer, vocabSize: number, seqLen: number): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.embedding({ inputDim: vocabSize, outputDim: 128, inputLength: seqLen }));
  m.add(recurrent);
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
  return m;
}

/** Embedding + global average pooling classifier: Embedding vocab×dim, GlobalAveragePooling1D, Dense 16 relu, Dense 1 sigmoid. */
export function embeddingGap(vocabSize = 10000, seqLen = 500, dim = 16): tfl.LayersModel {
  const m = tfl.sequential();
  m.add(tfl.layers.embedding({ inputDim: vocabSize, outputDim: dim, inputLength: seqLen }));
  m.add(tfl.layers.globalAveragePooling1d());
  m.add(tfl.layers.dense({ units: 16, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
  return m;
}
