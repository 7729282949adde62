// Starter: db is right. dx and dW are not: check the shape of every product against the
// shape of what it is the gradient of. TODO: fix dx and dw.
export default function denseBackward(x: number[][], w: number[][], dy: number[][]): { dx: number[][]; dw: number[][]; db: number[] } {
  const matmul = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, k) => row.reduce((s, v, j) => s + v * b[j][k], 0)));
  const transpose = (a: number[][]) => (a.length === 0 ? [] : a[0].map((_, j) => a.map((row) => row[j])));
  const dx = x.map((row) => row.map(() => 0)); // TODO
  const dw = matmul(transpose(dy), x); // TODO: this is [M, D], the gradient of W must be [D, M]
  const m = w.length > 0 ? w[0].length : 0;
  const db = Array.from({ length: m }, (_, k) => dy.reduce((s, row) => s + row[k], 0));
  return { dx, dw, db };
}
