// Reference: forward H = relu(X W1 + b1), Z = H W2 + b2, loss = mean_i -log softmax(Z_i)[y_i];
// backward dZ = (softmax(Z) - onehot(y)) / n, dW2 = H^T dZ, db2 = sum dZ, dH = dZ W2^T,
// dA = dH * [A > 0], dW1 = X^T dA, db1 = sum dA. Checked against central differences.
interface Params {
  w1: number[][]; // [inputs][hidden]
  b1: number[];
  w2: number[][]; // [hidden][classes]
  b2: number[];
}

const matmul = (a: number[][], b: number[][]) =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: number[][]) => a[0].map((_, j) => a.map((row) => row[j]));
const colSum = (a: number[][]) => a[0].map((_, j) => a.reduce((s, row) => s + row[j], 0));

export default function twoLayerBackprop(
  params: Params,
  x: number[][],
  y: number[],
): { loss: number; dw1: number[][]; db1: number[]; dw2: number[][]; db2: number[] } {
  const { w1, b1, w2, b2 } = params;
  const n = x.length;
  const d = w1.length;
  const h = b1.length;
  const k = b2.length;
  if (n === 0 || y.length !== n) throw new Error('need a non-empty batch with one label per row');
  if (d === 0 || h === 0 || k < 2) throw new Error('empty layer');
  if (x.some((r) => r.length !== d) || w1.some((r) => r.length !== h) || w2.length !== h || w2.some((r) => r.length !== k))
    throw new Error('shapes do not match');
  if (y.some((c) => !Number.isInteger(c) || c < 0 || c >= k)) throw new Error('labels must be class ids');
  const a = matmul(x, w1).map((row) => row.map((v, j) => v + b1[j]));
  const hid = a.map((row) => row.map((v) => Math.max(v, 0)));
  const z = matmul(hid, w2).map((row) => row.map((v, j) => v + b2[j]));
  let loss = 0;
  const dz = z.map((row, i) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((p, q) => p + q, 0);
    loss += -(row[y[i]] - m - Math.log(s));
    return e.map((v, j) => (v / s - (j === y[i] ? 1 : 0)) / n);
  });
  loss /= n;
  const dw2 = matmul(transpose(hid), dz);
  const db2 = colSum(dz);
  const dh = matmul(dz, transpose(w2));
  const da = dh.map((row, i) => row.map((v, j) => (a[i][j] > 0 ? v : 0)));
  const dw1 = matmul(transpose(x), da);
  const db1 = colSum(da);
  return { loss, dw1, db1, dw2, db2 };
}
