# Starter: the matrix-product identity ||x - y||^2 = ||x||^2 + ||y||^2 - 2 x.y, vectorised
# as it reads.
# TODO: rounding can make the sum slightly negative for nearly equal points: sqrt gives NaN.
# TODO: far from the origin ||x||^2 is huge and the subtraction cancels most digits.
# TODO: check the inputs (rows of one length, the same number of features in x and y).
import numpy as np


def pairwise_distances(x, y, squared=False):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    d2 = (x * x).sum(axis=-1)[:, None] + (y * y).sum(axis=-1)[None, :] - 2.0 * (x @ y.T)
    with np.errstate(invalid="ignore"):
        return d2 if squared else np.sqrt(d2)
