// Reference: NumPy's broadcasting rule. Align the shapes on the right; in each position the
// sizes must be equal or one of them 1, and the result takes the larger. A missing leading
// dimension counts as 1.
export default function broadcastShapes(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 1; i <= rank; i++) {
    const x = i <= a.length ? a[a.length - i] : 1;
    const y = i <= b.length ? b[b.length - i] : 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`shapes [${a.join(', ')}] and [${b.join(', ')}] cannot be broadcast: ${x} vs ${y}`);
    out.unshift(x === 1 ? y : x);
  }
  return out;
}
