// Starter: the Linear transpose is right for a plain vector input.
// TODO: after a flatten, PyTorch's inputs are ordered (c, h, w) and Keras's (h, w, c): the rows
//       of the kernel must be permuted (flattenedFrom gives [C, H, W]).
// TODO: the Conv2d layout below swaps the two spatial axes; Keras wants [kh][kw][in][out].
// TODO: check the shapes and refuse an unknown layer type.
type TorchLayer =
  | { type: 'linear'; weight: number[][]; bias: number[]; flattenedFrom?: number[] }
  | { type: 'conv2d'; weight: number[][][][]; bias: number[] };

export default function torchToKeras(layer: TorchLayer): { kernel: unknown; bias: number[] } {
  if (layer.type === 'linear') {
    const w = layer.weight;
    return { kernel: w[0].map((_, i) => w.map((row) => row[i])), bias: layer.bias };
  }
  const w = layer.weight;
  const [out, inn, kh, kw] = [w.length, w[0].length, w[0][0].length, w[0][0][0].length];
  const kernel = Array.from({ length: kw }, (_, j) =>
    Array.from({ length: kh }, (_, i) => Array.from({ length: inn }, (_, c) => Array.from({ length: out }, (_, o) => w[o][c][i][j]))),
  );
  return { kernel, bias: layer.bias };
}
