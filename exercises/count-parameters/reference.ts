// Reference: Keras's parameter counts (TensorFlow 2 defaults), shapes without the batch axis.
// Cross-checked against tfjs-layers' countParams() for every test it can build (tfjs has no
// GRU with resetAfter: true; those were checked against the formula 3 * (u * (i + u) + 2u)).
type Layer =
  | { type: 'dense'; units: number; useBias?: boolean }
  | { type: 'conv2d'; filters: number; kernel: number; stride?: number; padding?: 'same' | 'valid'; useBias?: boolean }
  | { type: 'maxpool2d'; pool: number }
  | { type: 'flatten' }
  | { type: 'embedding'; inputDim: number; outputDim: number }
  | { type: 'lstm'; units: number; returnSequences?: boolean }
  | { type: 'gru'; units: number; returnSequences?: boolean; resetAfter?: boolean }
  | { type: 'batchnorm' };

const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

export default function countParameters(
  inputShape: number[],
  layers: Layer[],
): { perLayer: number[]; trainable: number; nonTrainable: number } {
  if (inputShape.length === 0 || !inputShape.every(posInt)) throw new Error('bad input shape');
  let shape = [...inputShape];
  const perLayer: number[] = [];
  let nonTrainable = 0;
  const last = () => shape[shape.length - 1];
  layers.forEach((layer, i) => {
    const fail = (why: string): never => {
      throw new Error(`layer ${i} (${layer.type}): ${why}`);
    };
    switch (layer.type) {
      case 'dense': {
        if (!posInt(layer.units)) fail('units must be a positive integer');
        const bias = layer.useBias ?? true;
        perLayer.push(last() * layer.units + (bias ? layer.units : 0));
        shape = [...shape.slice(0, -1), layer.units];
        break;
      }
      case 'conv2d': {
        const s = layer.stride ?? 1;
        const padding = layer.padding ?? 'valid';
        if (shape.length !== 3) fail('needs a [height, width, channels] input');
        if (!posInt(layer.filters) || !posInt(layer.kernel) || !posInt(s)) fail('bad parameters');
        const [h, w, c] = shape;
        const out = (n: number) => (padding === 'same' ? Math.ceil(n / s) : Math.floor((n - layer.kernel) / s) + 1);
        if (out(h) < 1 || out(w) < 1) fail('the output would be empty');
        const bias = layer.useBias ?? true;
        perLayer.push(layer.kernel * layer.kernel * c * layer.filters + (bias ? layer.filters : 0));
        shape = [out(h), out(w), layer.filters];
        break;
      }
      case 'maxpool2d': {
        if (shape.length !== 3 || !posInt(layer.pool)) fail('bad pooling');
        const out = (n: number) => Math.floor((n - layer.pool) / layer.pool) + 1;
        if (out(shape[0]) < 1 || out(shape[1]) < 1) fail('the output would be empty');
        perLayer.push(0);
        shape = [out(shape[0]), out(shape[1]), shape[2]];
        break;
      }
      case 'flatten':
        perLayer.push(0);
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'embedding':
        if (!posInt(layer.inputDim) || !posInt(layer.outputDim)) fail('bad dimensions');
        perLayer.push(layer.inputDim * layer.outputDim); // one row per token id, however long the input
        shape = [...shape, layer.outputDim];
        break;
      case 'lstm':
      case 'gru': {
        if (shape.length !== 2) fail('needs a [timesteps, features] input');
        if (!posInt(layer.units)) fail('units must be a positive integer');
        const u = layer.units;
        const core = u * (shape[1] + u); // input kernel + recurrent kernel of one gate
        if (layer.type === 'lstm') perLayer.push(4 * (core + u));
        else perLayer.push(3 * (core + ((layer.resetAfter ?? true) ? 2 * u : u)));
        shape = (layer.returnSequences ?? false) ? [shape[0], u] : [u];
        break;
      }
      case 'batchnorm':
        // gamma and beta are trained; the moving mean and variance are not.
        perLayer.push(2 * last());
        nonTrainable += 2 * last();
        break;
      default:
        throw new Error(`layer ${i}: unknown type ${(layer as { type: unknown }).type}`);
    }
  });
  return { perLayer, trainable: perLayer.reduce((a, b) => a + b, 0), nonTrainable };
}
