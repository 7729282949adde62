# Starter: the Linear transpose is right for a plain vector input.
# TODO: after a flatten, PyTorch's inputs are ordered (c, h, w) and Keras's (h, w, c): the rows
#       of the kernel must be permuted (flattenedFrom gives [C, H, W]).
# TODO: the Conv2d layout below swaps the two spatial axes; Keras wants [kh, kw, in, out].
# TODO: check the shapes and refuse an unknown layer type.
import numpy as np


def torch_to_keras(layer):
    w = np.asarray(layer["weight"], dtype=np.float64)
    if layer["type"] == "linear":
        return {"kernel": w.T, "bias": layer["bias"]}
    return {"kernel": w.transpose(3, 2, 1, 0), "bias": layer["bias"]}
