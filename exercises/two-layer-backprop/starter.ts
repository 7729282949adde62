// Starter: the forward pass and the output layer's gradients are nearly there.
// TODO: the loss is a mean over the batch, so every gradient carries a factor 1/n.
// TODO: backpropagate into the hidden layer: through W2, then through the ReLU (no gradient
//       where the pre-activation is <= 0), then into W1 and b1.
// TODO: validate shapes and labels.
interface Params {
  w1: number[][];
  b1: number[];
  w2: number[][];
  b2: number[];
}

const matmul = (a: number[][], b: number[][]) =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: number[][]) => a[0].map((_, j) => a.map((row) => row[j]));

export default function twoLayerBackprop(
  params: Params,
  x: number[][],
  y: number[],
): { loss: number; dw1: number[][]; db1: number[]; dw2: number[][]; db2: number[] } {
  const { w1, b1, w2, b2 } = params;
  const hid = matmul(x, w1).map((row) => row.map((v, j) => Math.max(v + b1[j], 0)));
  const z = matmul(hid, w2).map((row) => row.map((v, j) => v + b2[j]));
  let loss = 0;
  const dz = z.map((row, i) => {
    const e = row.map(Math.exp);
    const s = e.reduce((p, q) => p + q, 0);
    loss -= Math.log(e[y[i]] / s);
    return e.map((v, j) => v / s - (j === y[i] ? 1 : 0));
  });
  const dw2 = matmul(transpose(hid), dz);
  const db2 = b2.map((_, j) => dz.reduce((s, row) => s + row[j], 0));
  const dw1 = w1.map((row) => row.map(() => 0));
  const db1 = b1.map(() => 0);
  return { loss: loss / x.length, dw1, db1, dw2, db2 };
}
