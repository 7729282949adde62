# Starter: pads with zeros, so a window that overlaps the border of an all-negative image
# reports 0. It also forgets that the output size depends on the padding mode.
# TODO: padded cells must not take part in the maximum; compute the output size per mode.
import numpy as np


def max_pool_2d(x, pool, stride, padding):
    h, w = len(x), (len(x[0]) if x else 0)
    c = len(x[0][0]) if h and w else 0
    img = np.asarray(x, dtype=float).reshape(h, w, c)
    oh, ow = -(-h // stride), -(-w // stride)
    img = np.pad(img, ((0, pool), (0, pool), (0, 0)))
    out = np.zeros((oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            window = img[i * stride : i * stride + pool, j * stride : j * stride + pool, :]
            out[i, j] = np.maximum(window.max(axis=(0, 1)), 0)
    return out
