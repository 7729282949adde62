// Starter: the matrix-product identity ||x - y||^2 = ||x||^2 + ||y||^2 - 2 x.y, written as
// directly as it reads. In NumPy these would be three whole-array expressions.
// TODO: rounding can make the sum slightly negative for nearly equal points: sqrt gives NaN.
// TODO: far from the origin ||x||^2 is huge and the subtraction cancels most digits.
// TODO: check the inputs (rows of one length, the same number of features in x and y).

export default function pairwiseDistances(x: number[][], y: number[][], squared = false): number[][] {
  const dot = (a: number[], b: number[]) => a.reduce((s, ak, k) => s + ak * b[k], 0);
  const xx = x.map((xi) => dot(xi, xi));
  const yy = y.map((yj) => dot(yj, yj));
  return x.map((xi, i) =>
    y.map((yj, j) => {
      const d2 = xx[i] + yy[j] - 2 * dot(xi, yj);
      return squared ? d2 : Math.sqrt(d2);
    }),
  );
}
