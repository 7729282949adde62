// Starter: a cosine decay from baseLr to 0 over all steps. TODO: the warm-up, the floor
// (minLr), and what happens after totalSteps.
interface Schedule {
  baseLr: number;
  warmupSteps: number;
  totalSteps: number;
  minLr: number;
}

export default function learningRate(step: number, s: Schedule): number {
  return (s.baseLr * (1 + Math.cos((Math.PI * step) / s.totalSteps))) / 2;
}
