// Reference: TensorFlow's conv2d (a cross-correlation), NHWC without the batch axis.
// 'same' pads so that out = ceil(n / stride), the extra pixel of an odd total going after.

function padding1d(n: number, k: number, s: number, mode: 'same' | 'valid'): { out: number; before: number } {
  if (mode === 'valid') return { out: Math.floor((n - k) / s) + 1, before: 0 };
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  return { out, before: Math.floor(total / 2) };
}

export default function conv2d(
  x: number[][][], // [height][width][channels]
  kernel: number[][][][], // [kh][kw][channels][filters]
  bias: number[], // [filters]
  stride: number,
  padding: 'same' | 'valid',
): number[][][] {
  const h = x.length;
  const w = h > 0 ? x[0].length : 0;
  const c = w > 0 ? x[0][0].length : 0;
  const kh = kernel.length;
  const kw = kh > 0 ? kernel[0].length : 0;
  if (h === 0 || w === 0 || c === 0 || kh === 0 || kw === 0) throw new Error('empty image or kernel');
  if (kernel[0][0].length !== c) throw new Error(`the kernel expects ${kernel[0][0].length} channels, the image has ${c}`);
  const f = kernel[0][0][0].length;
  if (bias.length !== f) throw new Error('one bias per filter');
  if (!Number.isInteger(stride) || stride < 1) throw new Error('stride must be an integer >= 1');
  if (padding !== 'same' && padding !== 'valid') throw new Error("padding is 'same' or 'valid'");
  const py = padding1d(h, kh, stride, padding);
  const px = padding1d(w, kw, stride, padding);
  if (py.out < 1 || px.out < 1) throw new Error('the kernel is larger than the image');
  const out: number[][][] = [];
  for (let oy = 0; oy < py.out; oy++) {
    const row: number[][] = [];
    for (let ox = 0; ox < px.out; ox++) {
      const acc = [...bias];
      for (let i = 0; i < kh; i++) {
        const y = oy * stride + i - py.before;
        if (y < 0 || y >= h) continue; // zero padding
        for (let j = 0; j < kw; j++) {
          const xx = ox * stride + j - px.before;
          if (xx < 0 || xx >= w) continue;
          for (let ch = 0; ch < c; ch++) {
            const v = x[y][xx][ch];
            const kr = kernel[i][j][ch];
            for (let o = 0; o < f; o++) acc[o] += v * kr[o];
          }
        }
      }
      row.push(acc);
    }
    out.push(row);
  }
  return out;
}
