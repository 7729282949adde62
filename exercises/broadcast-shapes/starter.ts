// Starter: aligns the shapes on the left and never reports an incompatible pair.
// TODO: align on the right, treat missing dimensions as 1, and throw for incompatible sizes.
export default function broadcastShapes(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) out.push(Math.max(a[i] ?? 1, b[i] ?? 1));
  return out;
}
