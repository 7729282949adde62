"""Reference: every output position becomes one row holding its receptive field, read in
(row, column, channel) order. 'same' pads with zeros as TensorFlow does: the total padding is
max((out - 1) * stride + kernel - in, 0), with the odd pixel at the bottom/right."""
import numpy as np


def im2col(image, kh, kw, stride, padding):
    img = np.asarray(image, dtype=float)
    h, w = len(image), (len(image[0]) if image else 0)
    c = len(image[0][0]) if h and w else 0
    img = img.reshape(h, w, c)
    if padding == "same":
        oh, ow = -(-h // stride), -(-w // stride)
        pad_h = max((oh - 1) * stride + kh - h, 0)
        pad_w = max((ow - 1) * stride + kw - w, 0)
        top, left = pad_h // 2, pad_w // 2
        img = np.pad(img, ((top, pad_h - top), (left, pad_w - left), (0, 0)))
    else:
        oh = (h - kh) // stride + 1 if h >= kh else 0
        ow = (w - kw) // stride + 1 if w >= kw else 0
    rows = [
        img[i * stride : i * stride + kh, j * stride : j * stride + kw, :].reshape(-1)
        for i in range(oh)
        for j in range(ow)
    ]
    return np.array(rows).reshape(len(rows), kh * kw * c) if rows else []
