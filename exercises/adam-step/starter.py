# Starter: the moment updates are right, but the step uses the raw moments. In the first
# steps both are biased towards zero. TODO: apply the bias corrections.
import numpy as np


def adam_step(state, hyper):
    w, g, m, v = (np.asarray(state[k], dtype=float) for k in ("w", "g", "m", "v"))
    lr, beta1, beta2, eps = hyper["lr"], hyper["beta1"], hyper["beta2"], hyper["eps"]
    m2 = beta1 * m + (1 - beta1) * g
    v2 = beta2 * v + (1 - beta2) * g * g
    w2 = w - lr * m2 / (np.sqrt(v2) + eps)
    return {"w": w2, "m": m2, "v": v2}
