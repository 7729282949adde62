/**
 * A Sum or Mean over the leading axes of its input (a bias gradient or batch-norm moments:
 * [N,H,W,C] over N,H,W) is a plain accumulation of `rows` rows of `cols` values; the stock
 * kernels transpose the reduced axes to the end first. The wasm and native kernels that take
 * this shortcut recognise it here.
 */
export interface LeadingReduction {
  /** How many leading axes are reduced. */
  axes: number;
  /** The shape left: the axes not reduced. */
  inner: number[];
  rows: number;
  cols: number;
}

/**
 * The reduction of `shape` over `axis` when its axes are the leading ones (some, not all); else
 * null. No axis (tfjs' `sum(x)`) means all of them.
 */
export function leadingReduction(
  shape: readonly number[],
  axis: number | readonly number[] | null | undefined,
): LeadingReduction | null {
  if (axis === null || axis === undefined) return null;
  const rank = shape.length;
  const axes = (typeof axis === 'number' ? [axis] : [...axis]).map((a) => (a < 0 ? a + rank : a)).sort((p, q) => p - q);
  if (axes.length === 0 || axes.length >= rank || !axes.every((a, i) => a === i)) return null;
  const inner = shape.slice(axes.length);
  const size = (dims: readonly number[]) => dims.reduce((p, q) => p * q, 1);
  return { axes: axes.length, inner, rows: size(shape.slice(0, axes.length)), cols: size(inner) };
}

/** The output shape of that reduction: `inner`, with a 1 for each reduced axis when dimensions are kept. */
export function reducedShape(r: LeadingReduction, keepDims: boolean): number[] {
  return keepDims ? [...Array<number>(r.axes).fill(1), ...r.inner] : r.inner;
}
