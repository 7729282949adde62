// Starter: adds each kernel's extent to the field, as if every layer saw the input directly.
// TODO: a layer after a stride-2 layer takes bigger steps over the input; the growth of the
//       field is (kernel - 1) times the product of all the earlier strides.
// TODO: dilation spreads the kernel; validate the layers.
interface Layer {
  kernel: number;
  stride?: number;
  dilation?: number;
}

export default function receptiveField(layers: Layer[]): { sizes: number[]; jumps: number[] } {
  let r = 1;
  const sizes: number[] = [];
  const jumps: number[] = [];
  for (const layer of layers) {
    r += layer.kernel - 1;
    sizes.push(r);
    jumps.push(layer.stride ?? 1);
  }
  return { sizes, jumps };
}
