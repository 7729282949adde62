// Starter: handles 'valid' padding with stride 1 only, and reads each patch channel by
// channel instead of pixel by pixel. TODO: stride, 'same' padding, (row, column, channel) order.
export default function im2col(image: number[][][], kh: number, kw: number, stride: number, padding: 'valid' | 'same'): number[][] {
  void stride;
  void padding;
  const h = image.length;
  const w = h > 0 ? image[0].length : 0;
  const c = w > 0 ? image[0][0].length : 0;
  const rows: number[][] = [];
  for (let i = 0; i + kh <= h; i++) {
    for (let j = 0; j + kw <= w; j++) {
      const row: number[] = [];
      for (let ch = 0; ch < c; ch++) for (let di = 0; di < kh; di++) for (let dj = 0; dj < kw; dj++) row.push(image[i + di][j + dj][ch]);
      rows.push(row);
    }
  }
  return rows;
}
