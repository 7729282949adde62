# Reference: TensorFlow's conv2d (a cross-correlation), NHWC without the batch axis.
# 'same' pads so that out = ceil(n / stride), the extra pixel of an odd total going after.
import math

import numpy as np


def _pad(n, k, s, mode):
    if mode == "valid":
        return (n - k) // s + 1, 0, 0
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return out, total // 2, total - total // 2


def conv2d(x, kernel, bias, stride, padding):
    x = np.asarray(x, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    b = np.asarray(bias, dtype=np.float64)
    if x.ndim != 3 or k.ndim != 4 or x.size == 0 or k.size == 0:
        raise ValueError("x must be [h][w][c] and kernel [kh][kw][c][f], both non-empty")
    if k.shape[2] != x.shape[2]:
        raise ValueError("the kernel and the image have different numbers of channels")
    if b.shape != (k.shape[3],):
        raise ValueError("one bias per filter")
    if not isinstance(stride, int) or isinstance(stride, bool) or stride < 1:
        raise ValueError("stride must be an integer >= 1")
    if padding not in ("same", "valid"):
        raise ValueError("padding is 'same' or 'valid'")
    kh, kw = k.shape[:2]
    oh, top, bottom = _pad(x.shape[0], kh, stride, padding)
    ow, left, right = _pad(x.shape[1], kw, stride, padding)
    if oh < 1 or ow < 1:
        raise ValueError("the kernel is larger than the image")
    xp = np.pad(x, ((top, bottom), (left, right), (0, 0)))
    out = np.empty((oh, ow, k.shape[3]))
    for oy in range(oh):
        for ox in range(ow):
            patch = xp[oy * stride : oy * stride + kh, ox * stride : ox * stride + kw, :]
            out[oy, ox] = np.tensordot(patch, k, axes=3) + b
    return out
