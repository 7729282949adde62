// Reference: vanilla gradient saliency (Simonyan, Vedaldi and Zisserman, 2014) of the class
// logit, by hand-written backpropagation through one ReLU layer, and an occlusion check that
// sets the chosen inputs to 0.
interface Net {
  w1: number[][]; // [hidden][inputs]
  b1: number[];
  w2: number[][]; // [classes][hidden]
  b2: number[];
}

function forward(net: Net, x: number[], cls: number): { score: number; active: boolean[] } {
  const active: boolean[] = [];
  let score = net.b2[cls];
  net.w1.forEach((row, j) => {
    const z = row.reduce((s, w, i) => s + w * x[i], net.b1[j]);
    active.push(z > 0);
    if (z > 0) score += net.w2[cls][j] * z;
  });
  return { score, active };
}

/** Indices of the k largest (or smallest) values; ties go to the lower index. */
function pick(values: number[], k: number, largest: boolean): number[] {
  const idx = values.map((_, i) => i);
  idx.sort((a, b) => (largest ? values[b] - values[a] : values[a] - values[b]) || a - b);
  return idx.slice(0, k);
}

export default function saliencyCheck(
  net: Net,
  x: number[],
  cls: number,
  k: number,
): { score: number; saliency: number[]; top: number[]; dropTop: number; dropBottom: number } {
  const d = x.length;
  const h = net.w1.length;
  if (d === 0 || h === 0) throw new Error('empty input or hidden layer');
  if (net.w1.some((r) => r.length !== d) || net.b1.length !== h) throw new Error('w1 / b1 do not match the input');
  if (net.w2.some((r) => r.length !== h) || net.b2.length !== net.w2.length) throw new Error('w2 / b2 do not match');
  if (!Number.isInteger(cls) || cls < 0 || cls >= net.w2.length) throw new Error('no such class');
  if (!Number.isInteger(k) || k < 1 || k > d) throw new Error('k must be between 1 and the number of inputs');
  const { score, active } = forward(net, x, cls);
  // d score / d x_i = sum_j w2[cls][j] * relu'(z_j) * w1[j][i], with relu'(0) = 0.
  const grad = new Array<number>(d).fill(0);
  net.w1.forEach((row, j) => {
    if (!active[j]) return;
    const g = net.w2[cls][j];
    row.forEach((w, i) => (grad[i] += g * w));
  });
  const saliency = grad.map(Math.abs);
  const top = pick(saliency, k, true);
  const occluded = (chosen: number[]) => {
    const set = new Set(chosen);
    return forward(
      net,
      x.map((v, i) => (set.has(i) ? 0 : v)),
      cls,
    ).score;
  };
  return {
    score,
    saliency,
    top,
    dropTop: score - occluded(top),
    dropBottom: score - occluded(pick(saliency, k, false)),
  };
}
