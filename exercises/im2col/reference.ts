// Reference: every output position becomes one row holding its receptive field, read in
// (row, column, channel) order. 'same' pads with zeros as TensorFlow does: the total padding
// is max((out - 1)·stride + kernel - in, 0), with the odd pixel at the bottom/right.
export default function im2col(image: number[][][], kh: number, kw: number, stride: number, padding: 'valid' | 'same'): number[][] {
  const h = image.length;
  const w = h > 0 ? image[0].length : 0;
  const c = w > 0 ? image[0][0].length : 0;
  let oh: number, ow: number, top: number, left: number;
  if (padding === 'same') {
    oh = Math.ceil(h / stride);
    ow = Math.ceil(w / stride);
    top = Math.floor(Math.max((oh - 1) * stride + kh - h, 0) / 2);
    left = Math.floor(Math.max((ow - 1) * stride + kw - w, 0) / 2);
  } else {
    oh = h >= kh ? Math.floor((h - kh) / stride) + 1 : 0;
    ow = w >= kw ? Math.floor((w - kw) / stride) + 1 : 0;
    top = 0;
    left = 0;
  }
  const rows: number[][] = [];
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const row: number[] = [];
      for (let di = 0; di < kh; di++) {
        for (let dj = 0; dj < kw; dj++) {
          const y = i * stride + di - top;
          const x = j * stride + dj - left;
          for (let ch = 0; ch < c; ch++) row.push(y >= 0 && y < h && x >= 0 && x < w ? image[y][x][ch] : 0);
        }
      }
      rows.push(row);
    }
  }
  return rows;
}
