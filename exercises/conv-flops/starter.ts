// Starter: handles a plain stack of 'valid' convolutions, then a flatten and dense layers.
// TODO: 'same' padding and strides change the output size (Keras: ceil(n / s) for 'same').
// TODO: max pooling has no multiplications but shrinks the map (its stride defaults to pool).
// TODO: a dense layer on an unflattened [h, w, c] input runs at every position.
// TODO: refuse layers that cannot exist (unknown type, empty output, bad parameters).
type Layer =
  | { type: 'conv2d'; filters: number; kernel: number; stride?: number; padding: 'same' | 'valid' }
  | { type: 'maxpool2d'; pool: number; stride?: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: number };

export default function countMacs(
  inputShape: number[],
  layers: Layer[],
): { macs: number[]; total: number; mostExpensive: number } {
  let [h, w, c] = inputShape;
  let features = h * w * c;
  const macs: number[] = [];
  for (const layer of layers) {
    if (layer.type === 'conv2d') {
      h = h - layer.kernel + 1;
      w = w - layer.kernel + 1;
      macs.push(h * w * layer.filters * layer.kernel * layer.kernel * c);
      c = layer.filters;
      features = h * w * c;
    } else if (layer.type === 'dense') {
      macs.push(features * layer.units);
      features = layer.units;
    } else {
      macs.push(0);
    }
  }
  const total = macs.reduce((a, b) => a + b, 0);
  return { macs, total, mostExpensive: macs.indexOf(Math.max(...macs)) };
}
