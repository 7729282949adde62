# Starter: right for stride 1 and 'valid' padding.
# TODO: the stride moves the window by `stride` pixels.
# TODO: 'same' padding: out = ceil(n / stride) and the zero padding is split with the smaller
#       half before (TensorFlow's rule); reading outside the image counts as 0.
# TODO: validate the shapes (channels of the kernel, one bias per filter).
import numpy as np


def conv2d(x, kernel, bias, stride, padding):
    x = np.asarray(x, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    kh, kw = k.shape[:2]
    oh, ow = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    out = np.empty((oh, ow, k.shape[3]))
    for oy in range(oh):
        for ox in range(ow):
            out[oy, ox] = np.tensordot(x[oy : oy + kh, ox : ox + kw, :], k, axes=3) + np.asarray(bias)
    return out
