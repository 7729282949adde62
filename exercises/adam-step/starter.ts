// Starter: the moment updates are right, but the step uses the raw moments. In the first
// steps both are biased towards zero. TODO: apply the bias corrections.
interface State {
  w: number[];
  g: number[];
  m: number[];
  v: number[];
  t: number;
}
interface Hyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export default function adamStep(state: State, hyper: Hyper): { w: number[]; m: number[]; v: number[] } {
  const { w, g, m, v } = state;
  const { lr, beta1, beta2, eps } = hyper;
  const m2 = m.map((mi, i) => beta1 * mi + (1 - beta1) * g[i]);
  const v2 = v.map((vi, i) => beta2 * vi + (1 - beta2) * g[i] * g[i]);
  const w2 = w.map((wi, i) => wi - (lr * m2[i]) / (Math.sqrt(v2[i]) + eps));
  return { w: w2, m: m2, v: v2 };
}
