# Reference: the vectorised answer, ||x - y||^2 = ||x||^2 + ||y||^2 - 2 x.y as whole-array
# operations (one matrix product, O(n*m) memory), made safe in two ways:
# - both sets are shifted by the same vector first (distances do not change), so the squared
#   norms stay small and the subtraction keeps its digits far from the origin;
# - what rounding leaves slightly below zero is clamped to 0 before the square root.
import numpy as np


def pairwise_distances(x, y, squared=False):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.dtype == object or y.dtype == object:
        raise ValueError("rows must all have the same length")
    if x.size == 0 or y.size == 0:
        # An empty set on either side: n rows of m values, n or m being 0.
        n = len(x)
        m = len(y)
        if x.ndim == 2 and y.ndim == 2 and n and m and x.shape[1] != y.shape[1]:
            raise ValueError("x and y have different numbers of features")
        return [[0.0] * m for _ in range(n)]
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[1]:
        raise ValueError("x and y must be 2-D with the same number of features")
    centre = np.concatenate([x, y]).mean(axis=0)
    xc, yc = x - centre, y - centre
    d2 = (xc * xc).sum(axis=1)[:, None] + (yc * yc).sum(axis=1)[None, :] - 2.0 * (xc @ yc.T)
    d2 = np.maximum(d2, 0.0)
    return d2 if squared else np.sqrt(d2)
