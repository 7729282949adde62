# Starter: handles 'valid' padding with stride 1 only, and reads each patch channel by
# channel instead of pixel by pixel. TODO: stride, 'same' padding, (row, column, channel) order.
import numpy as np


def im2col(image, kh, kw, stride, padding):
    img = np.asarray(image, dtype=float)
    h, w = len(image), (len(image[0]) if image else 0)
    rows = []
    for i in range(h - kh + 1):
        for j in range(w - kw + 1):
            patch = img[i : i + kh, j : j + kw, :]
            rows.append(patch.transpose(2, 0, 1).reshape(-1))
    return rows
