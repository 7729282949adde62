// Reference: the maximum over each window, per channel. With 'same' padding the padded cells
// take no part in the maximum (as if they held -Infinity), so negative inputs stay negative.
export default function maxPool2d(x: number[][][], pool: number, stride: number, padding: 'valid' | 'same'): number[][][] {
  const h = x.length;
  const w = h > 0 ? x[0].length : 0;
  const c = w > 0 ? x[0][0].length : 0;
  let oh: number, ow: number, top: number, left: number;
  if (padding === 'same') {
    oh = Math.ceil(h / stride);
    ow = Math.ceil(w / stride);
    top = Math.floor(Math.max((oh - 1) * stride + pool - h, 0) / 2);
    left = Math.floor(Math.max((ow - 1) * stride + pool - w, 0) / 2);
  } else {
    oh = h >= pool ? Math.floor((h - pool) / stride) + 1 : 0;
    ow = w >= pool ? Math.floor((w - pool) / stride) + 1 : 0;
    top = 0;
    left = 0;
  }
  const out: number[][][] = [];
  for (let i = 0; i < oh; i++) {
    const row: number[][] = [];
    for (let j = 0; j < ow; j++) {
      const cell: number[] = [];
      for (let ch = 0; ch < c; ch++) {
        let best = -Infinity;
        for (let di = 0; di < pool; di++) {
          for (let dj = 0; dj < pool; dj++) {
            const y = i * stride + di - top;
            const xx = j * stride + dj - left;
            if (y >= 0 && y < h && xx >= 0 && xx < w && x[y][xx][ch] > best) best = x[y][xx][ch];
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
