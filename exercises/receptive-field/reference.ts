// Reference: the usual recurrence (one spatial dimension; padding shifts the field, it does
// not change its size): r_out = r_in + dilation * (kernel - 1) * j_in, j_out = j_in * stride,
// starting from r = 1 and j = 1 at the input.
interface Layer {
  kernel: number;
  stride?: number;
  dilation?: number;
}

const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

export default function receptiveField(layers: Layer[]): { sizes: number[]; jumps: number[] } {
  let r = 1;
  let j = 1;
  const sizes: number[] = [];
  const jumps: number[] = [];
  layers.forEach((layer, i) => {
    const stride = layer.stride ?? 1;
    const dilation = layer.dilation ?? 1;
    if (!posInt(layer.kernel) || !posInt(stride) || !posInt(dilation))
      throw new Error(`layer ${i}: kernel, stride and dilation must be integers >= 1`);
    r += dilation * (layer.kernel - 1) * j;
    j *= stride;
    sizes.push(r);
    jumps.push(j);
  });
  return { sizes, jumps };
}
