// Starter: right for a stack of Dense layers on a flat input, and little else.
// TODO: Conv2D (kernel x kernel x input channels x filters, plus biases) and the shape it leaves.
// TODO: Embedding, LSTM (four gates) and GRU (three gates; Keras's default resetAfter: true
//       has two bias vectors per gate).
// TODO: BatchNormalization (what is trained, what is not), pooling and Flatten.
// TODO: useBias: false, and errors for layers that cannot exist.
type Layer = { type: string; units?: number; [key: string]: unknown };

export default function countParameters(
  inputShape: number[],
  layers: Layer[],
): { perLayer: number[]; trainable: number; nonTrainable: number } {
  let features = inputShape.reduce((a, b) => a * b, 1);
  const perLayer = layers.map((layer) => {
    if (layer.type !== 'dense' || layer.units === undefined) return 0;
    const n = features * layer.units + layer.units;
    features = layer.units;
    return n;
  });
  return { perLayer, trainable: perLayer.reduce((a, b) => a + b, 0), nonTrainable: 0 };
}
