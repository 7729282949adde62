"""Reference: linear warm-up, then half a cosine from base_lr down to min_lr.

step < warmupSteps:  baseLr * (step + 1) / warmupSteps
afterwards:          p = (step - warmupSteps) / (totalSteps - warmupSteps), capped at 1
                     minLr + (baseLr - minLr) * (1 + cos(pi * p)) / 2
"""
import math


def learning_rate(step, s):
    if step < s["warmupSteps"]:
        return s["baseLr"] * (step + 1) / s["warmupSteps"]
    decay_steps = s["totalSteps"] - s["warmupSteps"]
    p = 1.0 if decay_steps <= 0 else min(1.0, (step - s["warmupSteps"]) / decay_steps)
    return s["minLr"] + (s["baseLr"] - s["minLr"]) * (1 + math.cos(math.pi * p)) / 2
