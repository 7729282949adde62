// Starter: the textbook formulas with three gaps an interviewer will probe.
// TODO: the range must contain 0 (what if every weight is positive?).
// TODO: the quantised values must be clamped to [-128, 127], and ties round away from zero.
// TODO: a tensor of zeros gives scale 0 and a division by zero.

export default function quantiseInt8(values: number[]): {
  scale: number;
  zeroPoint: number;
  q: number[];
  dequantised: number[];
  maxError: number;
} {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const scale = (hi - lo) / 255;
  const zeroPoint = Math.round(-128 - lo / scale);
  const q = values.map((v) => Math.round(v / scale) + zeroPoint);
  const dequantised = q.map((qi) => (qi - zeroPoint) * scale);
  const maxError = Math.max(...values.map((v, i) => Math.abs(v - dequantised[i])));
  return { scale, zeroPoint, q, dequantised, maxError };
}
