// Starter: right for stride 1 and 'valid' padding.
// TODO: the stride moves the window by `stride` pixels.
// TODO: 'same' padding: out = ceil(n / stride) and the zero padding is split with the smaller
//       half before (TensorFlow's rule); reading outside the image counts as 0.
// TODO: validate the shapes (channels of the kernel, one bias per filter).

export default function conv2d(
  x: number[][][],
  kernel: number[][][][],
  bias: number[],
  stride: number,
  padding: 'same' | 'valid',
): number[][][] {
  void stride;
  void padding;
  const [h, w, c] = [x.length, x[0].length, x[0][0].length];
  const [kh, kw, f] = [kernel.length, kernel[0].length, kernel[0][0][0].length];
  const out: number[][][] = [];
  for (let oy = 0; oy + kh <= h; oy++) {
    const row: number[][] = [];
    for (let ox = 0; ox + kw <= w; ox++) {
      const acc = [...bias];
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++)
          for (let ch = 0; ch < c; ch++) for (let o = 0; o < f; o++) acc[o] += x[oy + i][ox + j][ch] * kernel[i][j][ch][o];
      row.push(acc);
    }
    out.push(row);
  }
  return out;
}
