// Reference: per-tensor asymmetric (affine) quantisation to int8 as in the usual
// post-training schemes: the range always contains 0, so a real 0 (padding, ReLU output)
// maps to an integer exactly.

const QMIN = -128;
const QMAX = 127;

/** Round to the nearest integer, ties away from zero (Math.round would send -2.5 to -2). */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export default function quantiseInt8(values: number[]): {
  scale: number;
  zeroPoint: number;
  q: number[];
  dequantised: number[];
  maxError: number;
} {
  if (values.length === 0) throw new Error('nothing to quantise');
  if (values.some((v) => !Number.isFinite(v))) throw new Error('values must be finite');
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  // All zeros: any scale works; 1 with zero point 0 keeps the arithmetic trivial.
  const scale = hi === lo ? 1 : (hi - lo) / (QMAX - QMIN);
  const zeroPoint = clamp(roundHalfAway(QMIN - lo / scale), QMIN, QMAX) + 0; // + 0 turns -0 into 0
  const q = values.map((v) => clamp(roundHalfAway(v / scale) + zeroPoint, QMIN, QMAX) + 0);
  const dequantised = q.map((qi) => (qi - zeroPoint) * scale);
  const maxError = values.reduce((m, v, i) => Math.max(m, Math.abs(v - dequantised[i])), 0);
  return { scale, zeroPoint, q, dequantised, maxError };
}
