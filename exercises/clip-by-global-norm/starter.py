# Starter: clips each gradient by its own norm, which changes the direction of the update.
# TODO: one norm over all gradients, one scale factor for all of them, and no overflow.
import numpy as np


def clip_by_global_norm(grads, max_norm):
    total = 0.0
    clipped = []
    for g in grads:
        a = np.asarray(g, dtype=float)
        n = float(np.sqrt(np.sum(a * a)))
        total += n * n
        clipped.append(a * max_norm / n if n > max_norm else a)
    return {"grads": clipped, "norm": float(np.sqrt(total))}
