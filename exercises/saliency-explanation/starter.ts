// Starter: a forward pass and a gradient that forgets the ReLU.
// TODO: the gradient only flows through hidden units that are active (z > 0) for this input.
// TODO: saliency is the magnitude |gradient|; rank by it, ties to the lower index.
// TODO: the occlusion check: score minus the score with the chosen inputs set to 0, for the
//       top-k and for the k least salient inputs. Validate the shapes, the class and k.
interface Net {
  w1: number[][];
  b1: number[];
  w2: number[][];
  b2: number[];
}

export default function saliencyCheck(
  net: Net,
  x: number[],
  cls: number,
  k: number,
): { score: number; saliency: number[]; top: number[]; dropTop: number; dropBottom: number } {
  let score = net.b2[cls];
  net.w1.forEach((row, j) => {
    const z = row.reduce((s, w, i) => s + w * x[i], net.b1[j]);
    score += net.w2[cls][j] * Math.max(0, z);
  });
  const saliency = x.map((_, i) => net.w1.reduce((s, row, j) => s + net.w2[cls][j] * row[i], 0));
  const top = saliency
    .map((_, i) => i)
    .sort((a, b) => saliency[b] - saliency[a])
    .slice(0, k);
  return { score, saliency, top, dropTop: 0, dropBottom: 0 };
}
