"""Reference: one global L2 norm over every gradient, scaled by the largest magnitude first so
that neither huge nor tiny values overflow or underflow; one scale factor for all tensors."""
import numpy as np


def clip_by_global_norm(grads, max_norm):
    arrays = [np.asarray(g, dtype=float) for g in grads]
    largest = max((float(np.max(np.abs(a))) for a in arrays if a.size), default=0.0)
    if largest == 0:
        return {"grads": arrays, "norm": 0.0}
    norm = largest * float(np.sqrt(sum(float(np.sum((a / largest) ** 2)) for a in arrays)))
    if norm <= max_norm:
        return {"grads": arrays, "norm": norm}
    scale = max_norm / norm
    return {"grads": [a * scale for a in arrays], "norm": norm}
