# Starter: a forward difference and a plain ratio.
# TODO: (f(w + h) - f(w)) / h has an error proportional to h; the central difference
#       (f(w + h) - f(w - h)) / 2h is accurate to h^2. Use it.
# TODO: divide by max(|claimed|, |numerical|, 1e-6): a plain |claimed| is 0/0 where the
#       gradient is zero. Then maxRelError and ok (maxRelError < 1e-4).
# TODO: validate the inputs.
import numpy as np


def _evaluate(loss, w):
    if loss["type"] == "quadratic":
        a, b = np.asarray(loss["A"], dtype=float), np.asarray(loss["b"], dtype=float)
        return float(0.5 * w @ a @ w + b @ w)
    z = np.asarray(loss["X"], dtype=float) @ w
    return float(np.mean(np.log(1 + np.exp(z)) - np.asarray(loss["y"], dtype=float) * z))


def gradient_check(loss, w, claimed, h):
    w = np.asarray(w, dtype=float)
    claimed = np.asarray(claimed, dtype=float)
    f0 = _evaluate(loss, w)
    numerical = np.array([(_evaluate(loss, w + h * e) - f0) / h for e in np.eye(w.size)])
    with np.errstate(all="ignore"):
        rel = np.abs(claimed - numerical) / np.abs(claimed)
    return {"numerical": numerical, "relErrors": rel, "maxRelError": float(rel.max()), "ok": bool(rel.max() < 1e-4)}
