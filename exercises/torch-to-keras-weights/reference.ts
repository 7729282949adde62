// Reference: PyTorch stores Linear weights as [out][in] and Conv2d weights as
// [out][in][kh][kw], with channels-first activations (NCHW); Keras stores Dense kernels as
// [in][out] and Conv2D kernels as [kh][kw][in][out], with channels-last activations (NHWC).
// Both frameworks compute a cross-correlation, so no kernel is flipped.
type TorchLayer =
  | { type: 'linear'; weight: number[][]; bias: number[]; flattenedFrom?: number[] }
  | { type: 'conv2d'; weight: number[][][][]; bias: number[] };

export default function torchToKeras(layer: TorchLayer): { kernel: unknown; bias: number[] } {
  if (layer.type === 'linear') {
    const w = layer.weight;
    const out = w.length;
    const inn = out > 0 ? w[0].length : 0;
    if (out === 0 || w.some((r) => r.length !== inn)) throw new Error('weight must be a non-empty [out][in] matrix');
    if (layer.bias.length !== out) throw new Error('bias must have one value per output');
    // Keras row r reads the input that PyTorch saw at column source(r).
    let source = (r: number) => r;
    if (layer.flattenedFrom !== undefined) {
      const [c, h, wd] = layer.flattenedFrom;
      if (layer.flattenedFrom.length !== 3 || c * h * wd !== inn) throw new Error('flattenedFrom must be [C, H, W] with C*H*W inputs');
      // Keras flattens (h, w, c) to h*W*C + w*C + c; PyTorch flattens (c, h, w) to c*H*W + h*W + w.
      source = (r) => {
        const ch = r % c;
        const x = Math.floor(r / c) % wd;
        const y = Math.floor(r / (c * wd));
        return ch * h * wd + y * wd + x;
      };
    }
    const kernel = Array.from({ length: inn }, (_, r) => Array.from({ length: out }, (_, o) => w[o][source(r)]));
    return { kernel, bias: [...layer.bias] };
  }
  if (layer.type === 'conv2d') {
    const w = layer.weight;
    const out = w.length;
    const inn = out > 0 ? w[0].length : 0;
    const kh = inn > 0 ? w[0][0].length : 0;
    const kw = kh > 0 ? w[0][0][0].length : 0;
    if (out === 0 || inn === 0 || kh === 0 || kw === 0) throw new Error('weight must be a non-empty [out][in][kh][kw] array');
    for (const o of w)
      if (o.length !== inn || o.some((ci) => ci.length !== kh || ci.some((row) => row.length !== kw)))
        throw new Error('weight is ragged');
    if (layer.bias.length !== out) throw new Error('bias must have one value per output channel');
    const kernel = Array.from({ length: kh }, (_, i) =>
      Array.from({ length: kw }, (_, j) => Array.from({ length: inn }, (_, ci) => Array.from({ length: out }, (_, o) => w[o][ci][i][j]))),
    );
    return { kernel, bias: [...layer.bias] };
  }
  throw new Error(`unknown layer type ${(layer as { type: unknown }).type}`);
}
