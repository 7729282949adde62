// Reference: the output size of a transposed convolution as PyTorch's ConvTranspose2d defines
// it (per spatial dimension): (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1.
interface Layer {
  kernel: number;
  stride: number;
  padding: number;
  outputPadding?: number;
  dilation?: number;
}

const isInt = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min;

export default function transposedConvSizes(inputSize: number, layers: Layer[]): number[] {
  if (!isInt(inputSize, 1)) throw new Error('the input size must be a positive integer');
  const sizes: number[] = [];
  let size = inputSize;
  layers.forEach((layer, i) => {
    const { kernel, stride, padding } = layer;
    const outputPadding = layer.outputPadding ?? 0;
    const dilation = layer.dilation ?? 1;
    if (!isInt(kernel, 1) || !isInt(stride, 1) || !isInt(dilation, 1) || !isInt(padding, 0) || !isInt(outputPadding, 0))
      throw new Error(`layer ${i}: kernel, stride and dilation must be integers >= 1, paddings integers >= 0`);
    // The output padding only picks one of the sizes that a strided convolution maps back to
    // the same input size, so it must stay below the stride (or the dilation).
    if (outputPadding >= Math.max(stride, dilation))
      throw new Error(`layer ${i}: outputPadding must be smaller than the stride or the dilation`);
    size = (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
    if (size < 1) throw new Error(`layer ${i}: the output would be empty (size ${size})`);
    sizes.push(size);
  });
  return sizes;
}
