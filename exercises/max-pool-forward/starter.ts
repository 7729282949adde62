// Starter: pads with zeros, so a window that overlaps the border of an all-negative image
// reports 0. It also forgets that the output size depends on the padding mode.
// TODO: padded cells must not take part in the maximum; compute the output size per mode.
export default function maxPool2d(x: number[][][], pool: number, stride: number, padding: 'valid' | 'same'): number[][][] {
  const h = x.length;
  const w = h > 0 ? x[0].length : 0;
  const c = w > 0 ? x[0][0].length : 0;
  const oh = Math.ceil(h / stride);
  const ow = Math.ceil(w / stride);
  void padding;
  const out: number[][][] = [];
  for (let i = 0; i < oh; i++) {
    const row: number[][] = [];
    for (let j = 0; j < ow; j++) {
      const cell: number[] = [];
      for (let ch = 0; ch < c; ch++) {
        let best = 0;
        for (let di = 0; di < pool; di++) {
          for (let dj = 0; dj < pool; dj++) {
            const v = x[i * stride + di]?.[j * stride + dj]?.[ch] ?? 0;
            if (v > best) best = v;
          }
        }
        cell.push(best);
      }
      row.push(cell);
    }
    out.push(row);
  }
  return out;
}
