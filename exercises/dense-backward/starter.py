# Starter: db is right. dx and dW are not: check the shape of every product against the
# shape of what it is the gradient of. TODO: fix dx and dw.
import numpy as np


def dense_backward(x, w, dy):
    w = np.asarray(w, dtype=float)
    m = w.shape[1] if w.ndim == 2 else 0
    x = np.asarray(x, dtype=float).reshape(len(x), w.shape[0])
    dy = np.asarray(dy, dtype=float).reshape(len(dy), m)
    dx = np.zeros_like(x)  # TODO
    dw = dy.T @ x  # TODO: this is [M, D], the gradient of W must be [D, M]
    return {"dx": dx, "dw": dw, "db": dy.sum(axis=0)}
