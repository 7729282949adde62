// Starter: moves every pixel by epsilon times the gradient itself.
// TODO: FGSM uses only the sign of the gradient (an L-infinity step of exactly epsilon).
// TODO: a targeted attack moves the other way; clip to the valid range; report the L-inf
//       size of the change actually made; validate the inputs.

export default function fgsm(
  x: number[],
  grad: number[],
  epsilon: number,
  targeted: boolean,
  range: [number, number] = [0, 1],
): { adversarial: number[]; linf: number } {
  void targeted;
  void range;
  const adversarial = x.map((xi, i) => xi + epsilon * grad[i]);
  return { adversarial, linf: epsilon };
}
