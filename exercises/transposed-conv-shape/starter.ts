// Starter: the common case (no dilation, no output padding, sensible layers) is right.
// TODO: take outputPadding and dilation into account (both optional: 0 and 1 by default).
// TODO: refuse layers that cannot exist: non-integer or out-of-range parameters,
//       an outputPadding that is too large, and outputs of size 0 or less.
interface Layer {
  kernel: number;
  stride: number;
  padding: number;
  outputPadding?: number;
  dilation?: number;
}

export default function transposedConvSizes(inputSize: number, layers: Layer[]): number[] {
  const sizes: number[] = [];
  let size = inputSize;
  for (const { kernel, stride, padding } of layers) {
    size = (size - 1) * stride - 2 * padding + kernel;
    sizes.push(size);
  }
  return sizes;
}
