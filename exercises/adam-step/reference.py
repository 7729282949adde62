"""Reference: one Adam step with bias-corrected moments (Kingma & Ba, 2015), vectorised with NumPy."""
import numpy as np


def adam_step(state, hyper):
    w, g, m, v = (np.asarray(state[k], dtype=float) for k in ("w", "g", "m", "v"))
    t = state["t"]
    lr, beta1, beta2, eps = hyper["lr"], hyper["beta1"], hyper["beta2"], hyper["eps"]
    m2 = beta1 * m + (1 - beta1) * g
    v2 = beta2 * v + (1 - beta2) * g * g
    m_hat = m2 / (1 - beta1**t)
    v_hat = v2 / (1 - beta2**t)
    w2 = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return {"w": w2, "m": m2, "v": v2}
