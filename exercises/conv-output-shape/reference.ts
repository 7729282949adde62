// Reference: the output-size rules of TensorFlow/Keras for NHWC tensors.
//   valid: out = floor((in - effective) / stride) + 1, effective = dilation·(kernel - 1) + 1
//   same:  out = ceil(in / stride)
// A convolution outputs `filters` channels; a pooling layer keeps the input's channels.
interface Layer {
  kind: 'conv' | 'pool';
  kernel: [number, number];
  strides?: [number, number];
  padding?: 'valid' | 'same';
  dilation?: [number, number];
  filters?: number;
}

export default function convOutputShape(input: number[], layer: Layer): number[] {
  if (input.length !== 4) throw new Error('input must be [batch, height, width, channels]');
  const [n, h, w, c] = input;
  const strides = layer.strides ?? [1, 1];
  const dilation = layer.dilation ?? [1, 1];
  const padding = layer.padding ?? 'valid';
  const size = (length: number, k: number, s: number, d: number) => {
    if (padding === 'same') return Math.ceil(length / s);
    const effective = d * (k - 1) + 1;
    return Math.floor((length - effective) / s) + 1;
  };
  const oh = size(h, layer.kernel[0], strides[0], dilation[0]);
  const ow = size(w, layer.kernel[1], strides[1], dilation[1]);
  if (oh < 1 || ow < 1) throw new Error(`the window does not fit: output ${oh}x${ow}`);
  let channels = c;
  if (layer.kind === 'conv') {
    if (layer.filters === undefined) throw new Error('a convolution needs filters');
    channels = layer.filters;
  }
  return [n, oh, ow, channels];
}
