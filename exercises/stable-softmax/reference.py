"""Reference: subtract the largest logit before exponentiating. exp(x - max) is at most 1, so
nothing overflows, and the largest term is exactly 1, so the sum never underflows to 0.
A logit of -inf (a masked position) gets probability 0."""
import numpy as np


def softmax(logits):
    z = np.asarray(logits, dtype=float)
    if z.size == 0:
        return []
    e = np.exp(z - z.max())
    return e / e.sum()
