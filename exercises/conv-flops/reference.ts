// Reference: shapes as Keras computes them (channels last), MACs of one forward pass for
// one example, biases and activations not counted.
type Layer =
  | { type: 'conv2d'; filters: number; kernel: number; stride?: number; padding: 'same' | 'valid' }
  | { type: 'maxpool2d'; pool: number; stride?: number }
  | { type: 'flatten' }
  | { type: 'dense'; units: number };

const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

function outSize(n: number, k: number, s: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;
}

export default function countMacs(
  inputShape: number[],
  layers: Layer[],
): { macs: number[]; total: number; mostExpensive: number } {
  if (inputShape.length !== 3 || !inputShape.every(posInt)) throw new Error('inputShape must be [height, width, channels]');
  let shape = [...inputShape];
  const macs: number[] = [];
  layers.forEach((layer, i) => {
    if (layer.type === 'conv2d') {
      const s = layer.stride ?? 1;
      if (shape.length !== 3) throw new Error(`layer ${i}: conv2d needs a [h, w, c] input`);
      if (!posInt(layer.filters) || !posInt(layer.kernel) || !posInt(s) || !['same', 'valid'].includes(layer.padding))
        throw new Error(`layer ${i}: bad conv2d parameters`);
      const [h, w, c] = shape;
      const oh = outSize(h, layer.kernel, s, layer.padding);
      const ow = outSize(w, layer.kernel, s, layer.padding);
      if (oh < 1 || ow < 1) throw new Error(`layer ${i}: the output would be empty`);
      macs.push(oh * ow * layer.filters * layer.kernel * layer.kernel * c);
      shape = [oh, ow, layer.filters];
    } else if (layer.type === 'maxpool2d') {
      const s = layer.stride ?? layer.pool;
      if (shape.length !== 3) throw new Error(`layer ${i}: maxpool2d needs a [h, w, c] input`);
      if (!posInt(layer.pool) || !posInt(s)) throw new Error(`layer ${i}: bad pooling parameters`);
      const oh = outSize(shape[0], layer.pool, s, 'valid');
      const ow = outSize(shape[1], layer.pool, s, 'valid');
      if (oh < 1 || ow < 1) throw new Error(`layer ${i}: the output would be empty`);
      macs.push(0); // comparisons, no multiplications
      shape = [oh, ow, shape[2]];
    } else if (layer.type === 'flatten') {
      macs.push(0);
      shape = [shape.reduce((a, b) => a * b, 1)];
    } else if (layer.type === 'dense') {
      if (!posInt(layer.units)) throw new Error(`layer ${i}: bad dense parameters`);
      // Dense acts on the last axis; on an unflattened [h, w, c] input it runs at every position.
      const positions = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      macs.push(positions * shape[shape.length - 1] * layer.units);
      shape = [...shape.slice(0, -1), layer.units];
    } else {
      throw new Error(`layer ${i}: unknown type ${(layer as { type: unknown }).type}`);
    }
  });
  const total = macs.reduce((a, b) => a + b, 0);
  let mostExpensive = -1;
  macs.forEach((m, i) => {
    if (mostExpensive < 0 || m > macs[mostExpensive]) mostExpensive = i;
  });
  return { macs, total, mostExpensive };
}
