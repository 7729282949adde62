# Starter: a cosine decay from baseLr to 0 over all steps. TODO: the warm-up, the floor
# (minLr), and what happens after totalSteps.
import math


def learning_rate(step, s):
    return s["baseLr"] * (1 + math.cos(math.pi * step / s["totalSteps"])) / 2
