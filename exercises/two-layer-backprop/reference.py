# Reference: forward H = relu(X W1 + b1), Z = H W2 + b2, loss = mean_i -log softmax(Z_i)[y_i];
# backward dZ = (softmax(Z) - onehot(y)) / n, dW2 = H^T dZ, db2 = sum dZ, dH = dZ W2^T,
# dA = dH * [A > 0], dW1 = X^T dA, db1 = sum dA. params: dict with w1 [inputs][hidden], b1,
# w2 [hidden][classes], b2.
import numpy as np


def two_layer_backprop(params, x, y):
    w1, b1 = np.asarray(params["w1"], dtype=np.float64), np.asarray(params["b1"], dtype=np.float64)
    w2, b2 = np.asarray(params["w2"], dtype=np.float64), np.asarray(params["b2"], dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    n = len(y)
    if n == 0 or x.ndim != 2 or x.shape[0] != n:
        raise ValueError("need a non-empty batch with one label per row")
    if w1.ndim != 2 or w2.ndim != 2 or w1.size == 0 or w2.shape[1] < 2:
        raise ValueError("empty layer")
    if x.shape[1] != w1.shape[0] or b1.shape != (w1.shape[1],) or w2.shape[0] != w1.shape[1] or b2.shape != (w2.shape[1],):
        raise ValueError("shapes do not match")
    if not all(isinstance(c, int) and 0 <= c < w2.shape[1] for c in y):
        raise ValueError("labels must be class ids")
    y = np.asarray(y)
    a = x @ w1 + b1
    h = np.maximum(a, 0.0)
    z = h @ w2 + b2
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = float(-log_p[np.arange(n), y].mean())
    dz = np.exp(log_p)
    dz[np.arange(n), y] -= 1.0
    dz /= n
    dh = dz @ w2.T
    da = dh * (a > 0)
    return {"loss": loss, "dw1": x.T @ da, "db1": da.sum(axis=0), "dw2": h.T @ dz, "db2": dz.sum(axis=0)}
