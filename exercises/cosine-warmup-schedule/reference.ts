// Reference: linear warm-up, then half a cosine from baseLr down to minLr.
//   step < warmupSteps:  baseLr · (step + 1) / warmupSteps
//   afterwards:          p = (step - warmupSteps) / (totalSteps - warmupSteps), capped at 1
//                        minLr + (baseLr - minLr) · (1 + cos(π·p)) / 2
interface Schedule {
  baseLr: number;
  warmupSteps: number;
  totalSteps: number;
  minLr: number;
}

export default function learningRate(step: number, s: Schedule): number {
  if (step < s.warmupSteps) return (s.baseLr * (step + 1)) / s.warmupSteps;
  const decaySteps = s.totalSteps - s.warmupSteps;
  const p = decaySteps <= 0 ? 1 : Math.min(1, (step - s.warmupSteps) / decaySteps);
  return s.minLr + ((s.baseLr - s.minLr) * (1 + Math.cos(Math.PI * p))) / 2;
}
