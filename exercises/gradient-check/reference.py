# Reference: central differences (error O(h^2)) and the relative error with a floor, so that
# coordinates where both values are tiny do not blow up the ratio. loss is a dict:
# {"type": "quadratic", "A": d x d, "b": d} or {"type": "logistic", "X": n x d, "y": n}.
import numpy as np


def _evaluate(loss, w):
    if loss["type"] == "quadratic":
        a, b = loss["A"], loss["b"]
        return float(0.5 * w @ a @ w + b @ w)  # 1/2 w^T A w + b^T w
    z = loss["X"] @ w  # mean log-loss written with logits: softplus(z) - y z
    return float(np.mean(np.logaddexp(0.0, z) - loss["y"] * z))


def gradient_check(loss, w, claimed, h):
    w = np.asarray(w, dtype=np.float64)
    claimed = np.asarray(claimed, dtype=np.float64)
    d = w.size
    if d == 0 or claimed.shape != w.shape:
        raise ValueError("w and claimed must be non-empty and of the same length")
    if not h > 0:
        raise ValueError("h must be positive")
    kind = loss.get("type")
    if kind == "quadratic":
        prepared = {"type": kind, "A": np.asarray(loss["A"], dtype=np.float64), "b": np.asarray(loss["b"], dtype=np.float64)}
        if prepared["A"].shape != (d, d) or prepared["b"].shape != (d,):
            raise ValueError("A must be d x d and b of length d")
    elif kind == "logistic":
        prepared = {"type": kind, "X": np.asarray(loss["X"], dtype=np.float64), "y": np.asarray(loss["y"], dtype=np.float64)}
        x = prepared["X"]
        if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] != d or prepared["y"].shape != (x.shape[0],):
            raise ValueError("X must be n x d with one label per row")
    else:
        raise ValueError("unknown loss")
    numerical = np.empty(d)
    for i in range(d):
        e = np.zeros(d)
        e[i] = h
        numerical[i] = (_evaluate(prepared, w + e) - _evaluate(prepared, w - e)) / (2 * h)
    rel = np.abs(claimed - numerical) / np.maximum(np.maximum(np.abs(claimed), np.abs(numerical)), 1e-6)
    return {"numerical": numerical, "relErrors": rel, "maxRelError": float(rel.max()), "ok": bool(rel.max() < 1e-4)}
