// Reference: central differences (error O(h^2)) and the relative error with a floor, so that
// coordinates where both values are tiny do not blow up the ratio.
type Loss = { type: 'quadratic'; A: number[][]; b: number[] } | { type: 'logistic'; X: number[][]; y: number[] };

const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

function evaluate(loss: Loss, w: number[]): number {
  if (loss.type === 'quadratic') {
    // f(w) = 1/2 w^T A w + b^T w
    let f = 0;
    for (let i = 0; i < w.length; i++) {
      let row = 0;
      for (let j = 0; j < w.length; j++) row += loss.A[i][j] * w[j];
      f += 0.5 * w[i] * row + loss.b[i] * w[i];
    }
    return f;
  }
  // mean over rows of the log-loss written with logits: softplus(z) - y z, z = x . w
  let f = 0;
  loss.X.forEach((x, r) => {
    const z = x.reduce((s, xi, i) => s + xi * w[i], 0);
    f += softplus(z) - loss.y[r] * z;
  });
  return f / loss.X.length;
}

export default function gradientCheck(
  loss: Loss,
  w: number[],
  claimed: number[],
  h: number,
): { numerical: number[]; relErrors: number[]; maxRelError: number; ok: boolean } {
  const d = w.length;
  if (d === 0 || claimed.length !== d) throw new Error('w and claimed must be non-empty and of the same length');
  if (!(h > 0)) throw new Error('h must be positive');
  if (loss.type === 'quadratic') {
    if (loss.A.length !== d || loss.A.some((r) => r.length !== d) || loss.b.length !== d) throw new Error('A must be d x d and b of length d');
  } else if (loss.type === 'logistic') {
    if (loss.X.length === 0 || loss.X.some((r) => r.length !== d) || loss.y.length !== loss.X.length)
      throw new Error('X must be n x d with one label per row');
  } else throw new Error('unknown loss');
  const numerical = w.map((_, i) => {
    const plus = [...w];
    const minus = [...w];
    plus[i] += h;
    minus[i] -= h;
    return (evaluate(loss, plus) - evaluate(loss, minus)) / (2 * h);
  });
  const relErrors = numerical.map((n, i) => Math.abs(claimed[i] - n) / Math.max(Math.abs(claimed[i]), Math.abs(n), 1e-6));
  const maxRelError = Math.max(...relErrors);
  return { numerical, relErrors, maxRelError, ok: maxRelError < 1e-4 };
}
