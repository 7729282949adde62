// Reference: for y = x·W + b with x [N, D], W [D, M], b [M] and upstream gradient dy [N, M]:
//   dx = dy·Wᵀ  [N, D]     dW = xᵀ·dy  [D, M]     db = Σₙ dy[n]  [M]
export default function denseBackward(x: number[][], w: number[][], dy: number[][]): { dx: number[][]; dw: number[][]; db: number[] } {
  const n = x.length;
  const d = w.length;
  const m = d > 0 ? w[0].length : 0;
  const dx: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += dy[i][k] * w[j][k];
      row.push(s);
    }
    dx.push(row);
  }
  const dw: number[][] = [];
  for (let j = 0; j < d; j++) {
    const row: number[] = [];
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i][j] * dy[i][k];
      row.push(s);
    }
    dw.push(row);
  }
  const db: number[] = [];
  for (let k = 0; k < m; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += dy[i][k];
    db.push(s);
  }
  return { dx, dw, db };
}
