// Reference: the fast gradient sign method (Goodfellow, Shlens and Szegedy, 2015).
// Untargeted: step up the loss of the true class, x + eps * sign(g). Targeted: g is the
// gradient of the loss of the target class; step down it, x - eps * sign(g).

export default function fgsm(
  x: number[],
  grad: number[],
  epsilon: number,
  targeted: boolean,
  range: [number, number] = [0, 1],
): { adversarial: number[]; linf: number } {
  if (x.length !== grad.length) throw new Error('x and grad must have the same length');
  if (!(epsilon >= 0) || !Number.isFinite(epsilon)) throw new Error('epsilon must be a finite number >= 0');
  const [lo, hi] = range;
  if (!(lo < hi)) throw new Error('the range must be [low, high] with low < high');
  if (grad.some((g) => Number.isNaN(g))) throw new Error('the gradient contains NaN');
  const direction = targeted ? -1 : 1;
  const adversarial = x.map((xi, i) => Math.min(hi, Math.max(lo, xi + direction * epsilon * Math.sign(grad[i]))) + 0);
  // The change actually made can be smaller than epsilon where clipping bit.
  const linf = adversarial.reduce((m, a, i) => Math.max(m, Math.abs(a - x[i])), 0);
  return { adversarial, linf };
}
