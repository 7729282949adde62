"""Reference: for y = x @ W + b with x [N, D], W [D, M], b [M] and upstream gradient dy [N, M]:
dx = dy @ W.T  [N, D]     dW = x.T @ dy  [D, M]     db = dy summed over the batch  [M]"""
import numpy as np


def dense_backward(x, w, dy):
    w = np.asarray(w, dtype=float)
    d = w.shape[0]
    m = w.shape[1] if w.ndim == 2 else 0
    # An empty batch arrives as [], which NumPy would read as shape (0,): give it its columns.
    x = np.asarray(x, dtype=float).reshape(len(x), d)
    dy = np.asarray(dy, dtype=float).reshape(len(dy), m)
    return {"dx": dy @ w.T, "dw": x.T @ dy, "db": dy.sum(axis=0)}
