// Starter: right for a plain convolution with 'valid' padding. TODO: 'same' padding,
// dilation, pooling layers, and windows that do not fit.
interface Layer {
  kind: 'conv' | 'pool';
  kernel: [number, number];
  strides?: [number, number];
  padding?: 'valid' | 'same';
  dilation?: [number, number];
  filters?: number;
}

export default function convOutputShape(input: number[], layer: Layer): number[] {
  const [n, h, w] = input;
  const [sh, sw] = layer.strides ?? [1, 1];
  const oh = Math.floor((h - layer.kernel[0]) / sh) + 1;
  const ow = Math.floor((w - layer.kernel[1]) / sw) + 1;
  return [n, oh, ow, layer.filters ?? 0];
}
