// Reference: one Adam update (Kingma and Ba, 2015), with epsilon added outside the square root.
interface State {
  w: number[];
  g: number[];
  m: number[];
  v: number[];
  /** Number of this update, starting at 1. */
  t: number;
}
interface Hyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export default function adamStep(state: State, hyper: Hyper): { w: number[]; m: number[]; v: number[] } {
  const { w, g, m, v, t } = state;
  const { lr, beta1, beta2, eps } = hyper;
  const m2 = m.map((mi, i) => beta1 * mi + (1 - beta1) * g[i]);
  const v2 = v.map((vi, i) => beta2 * vi + (1 - beta2) * g[i] * g[i]);
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = 1 - Math.pow(beta2, t);
  const w2 = w.map((wi, i) => wi - (lr * (m2[i] / c1)) / (Math.sqrt(v2[i] / c2) + eps));
  return { w: w2, m: m2, v: v2 };
}
