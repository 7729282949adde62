// Starter: a forward difference and a plain ratio.
// TODO: (f(w + h) - f(w)) / h has an error proportional to h; the central difference
//       (f(w + h) - f(w - h)) / 2h is accurate to h^2. Use it.
// TODO: divide by max(|claimed|, |numerical|, 1e-6): a plain |claimed| is 0/0 where the
//       gradient is zero. Then maxRelError and ok (maxRelError < 1e-4).
// TODO: validate the inputs.
type Loss = { type: 'quadratic'; A: number[][]; b: number[] } | { type: 'logistic'; X: number[][]; y: number[] };

function evaluate(loss: Loss, w: number[]): number {
  if (loss.type === 'quadratic') {
    let f = 0;
    for (let i = 0; i < w.length; i++) {
      let row = 0;
      for (let j = 0; j < w.length; j++) row += loss.A[i][j] * w[j];
      f += 0.5 * w[i] * row + loss.b[i] * w[i];
    }
    return f;
  }
  let f = 0;
  loss.X.forEach((x, r) => {
    const z = x.reduce((s, xi, i) => s + xi * w[i], 0);
    f += Math.log(1 + Math.exp(z)) - loss.y[r] * z;
  });
  return f / loss.X.length;
}

export default function gradientCheck(
  loss: Loss,
  w: number[],
  claimed: number[],
  h: number,
): { numerical: number[]; relErrors: number[]; maxRelError: number; ok: boolean } {
  const f0 = evaluate(loss, w);
  const numerical = w.map((_, i) => {
    const plus = [...w];
    plus[i] += h;
    return (evaluate(loss, plus) - f0) / h;
  });
  const relErrors = numerical.map((n, i) => Math.abs(claimed[i] - n) / Math.abs(claimed[i]));
  const maxRelError = Math.max(...relErrors);
  return { numerical, relErrors, maxRelError, ok: maxRelError < 1e-4 };
}
