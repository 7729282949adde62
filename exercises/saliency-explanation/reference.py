# Reference: vanilla gradient saliency (Simonyan, Vedaldi and Zisserman, 2014) of the class
# logit, by hand-written backpropagation through one ReLU layer, and an occlusion check that
# sets the chosen inputs to 0. net is a dict with w1 [hidden][inputs], b1, w2 [classes][hidden], b2.
import numpy as np


def _score(w1, b1, w2, b2, x, cls):
    z = w1 @ x + b1
    return float(w2[cls] @ np.maximum(z, 0.0) + b2[cls]), z


def _pick(values, k, largest):
    order = np.argsort(-values if largest else values, kind="stable")  # stable: ties to the lower index
    return [int(i) for i in order[:k]]


def saliency_check(net, x, cls, k):
    w1 = np.asarray(net["w1"], dtype=np.float64)
    b1 = np.asarray(net["b1"], dtype=np.float64)
    w2 = np.asarray(net["w2"], dtype=np.float64)
    b2 = np.asarray(net["b2"], dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    d = x.size
    if d == 0 or w1.ndim != 2 or w1.shape[0] == 0 or w1.shape[1] != d or b1.shape != (w1.shape[0],):
        raise ValueError("w1 / b1 do not match the input")
    if w2.ndim != 2 or w2.shape[1] != w1.shape[0] or b2.shape != (w2.shape[0],):
        raise ValueError("w2 / b2 do not match")
    if not isinstance(cls, int) or not 0 <= cls < w2.shape[0]:
        raise ValueError("no such class")
    if not isinstance(k, int) or not 1 <= k <= d:
        raise ValueError("k must be between 1 and the number of inputs")
    score, z = _score(w1, b1, w2, b2, x, cls)
    grad = w1.T @ (w2[cls] * (z > 0))  # relu'(0) = 0
    saliency = np.abs(grad)
    top = _pick(saliency, k, True)
    bottom = _pick(saliency, k, False)

    def occluded(idx):
        x2 = x.copy()
        x2[idx] = 0.0
        return _score(w1, b1, w2, b2, x2, cls)[0]

    return {
        "score": score,
        "saliency": saliency,
        "top": top,
        "dropTop": score - occluded(top),
        "dropBottom": score - occluded(bottom),
    }
