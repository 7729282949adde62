// Reference: D[i][j] = ||x_i - y_j|| from the differences themselves, which is exact to rounding.
// (The NumPy reference uses the matrix-product identity instead, centred and clamped; the two
// agree to about 1e-8 on every test.)

function checkRows(rows: number[][], name: string): number {
  const d = rows.length > 0 ? rows[0].length : -1;
  rows.forEach((r, i) => {
    if (r.length !== d) throw new Error(`${name}[${i}] has ${r.length} values, ${name}[0] has ${d}`);
  });
  return d;
}

export default function pairwiseDistances(x: number[][], y: number[][], squared = false): number[][] {
  const dx = checkRows(x, 'x');
  const dy = checkRows(y, 'y');
  if (dx >= 0 && dy >= 0 && dx !== dy) throw new Error(`x has ${dx} features per row, y has ${dy}`);
  return x.map((xi) =>
    y.map((yj) => {
      let s = 0;
      for (let k = 0; k < xi.length; k++) {
        const diff = xi[k] - yj[k];
        s += diff * diff;
      }
      return squared ? s : Math.sqrt(s);
    }),
  );
}
