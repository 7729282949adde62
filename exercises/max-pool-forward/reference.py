"""Reference: the maximum over each window, per channel. With 'same' padding the padded cells
take no part in the maximum (they hold -inf), so negative inputs stay negative."""
import numpy as np


def max_pool_2d(x, pool, stride, padding):
    h, w = len(x), (len(x[0]) if x else 0)
    c = len(x[0][0]) if h and w else 0
    img = np.asarray(x, dtype=float).reshape(h, w, c)
    if padding == "same":
        oh, ow = -(-h // stride), -(-w // stride)
        pad_h = max((oh - 1) * stride + pool - h, 0)
        pad_w = max((ow - 1) * stride + pool - w, 0)
        top, left = pad_h // 2, pad_w // 2
        img = np.pad(img, ((top, pad_h - top), (left, pad_w - left), (0, 0)), constant_values=-np.inf)
    else:
        oh = (h - pool) // stride + 1 if h >= pool else 0
        ow = (w - pool) // stride + 1 if w >= pool else 0
    out = np.empty((oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            window = img[i * stride : i * stride + pool, j * stride : j * stride + pool, :]
            out[i, j] = window.max(axis=(0, 1))
    return out
