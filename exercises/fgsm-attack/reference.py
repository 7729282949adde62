# Reference: the fast gradient sign method (Goodfellow, Shlens and Szegedy, 2015).
# Untargeted: step up the loss of the true class, x + eps * sign(g). Targeted: g is the
# gradient of the loss of the target class; step down it, x - eps * sign(g).
import numpy as np


def fgsm(x, grad, epsilon, targeted, value_range=(0.0, 1.0)):
    x = np.asarray(x, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    if x.shape != g.shape:
        raise ValueError("x and grad must have the same length")
    if not (np.isfinite(epsilon) and epsilon >= 0):
        raise ValueError("epsilon must be a finite number >= 0")
    lo, hi = value_range
    if not lo < hi:
        raise ValueError("the range must be [low, high] with low < high")
    if np.any(np.isnan(g)):
        raise ValueError("the gradient contains NaN")
    direction = -1.0 if targeted else 1.0
    adversarial = np.clip(x + direction * epsilon * np.sign(g), lo, hi) + 0.0
    # The change actually made can be smaller than epsilon where clipping bit.
    linf = float(np.max(np.abs(adversarial - x))) if x.size else 0.0
    return {"adversarial": adversarial, "linf": linf}
