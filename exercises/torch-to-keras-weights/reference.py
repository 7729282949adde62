# Reference: PyTorch stores Linear weights as [out, in] and Conv2d weights as
# [out, in, kh, kw], with channels-first activations (NCHW); Keras stores Dense kernels as
# [in, out] and Conv2D kernels as [kh, kw, in, out], with channels-last activations (NHWC).
# Both frameworks compute a cross-correlation, so no kernel is flipped.
import numpy as np


def torch_to_keras(layer):
    kind = layer.get("type")
    w = np.asarray(layer["weight"], dtype=np.float64)
    bias = np.asarray(layer["bias"], dtype=np.float64)
    if kind == "linear":
        if w.ndim != 2 or w.size == 0:
            raise ValueError("weight must be a non-empty [out, in] matrix")
        out, inn = w.shape
        if bias.shape != (out,):
            raise ValueError("bias must have one value per output")
        shape = layer.get("flattenedFrom")
        if shape is not None:
            if len(shape) != 3 or int(np.prod(shape)) != inn:
                raise ValueError("flattenedFrom must be [C, H, W] with C*H*W inputs")
            c, h, wd = shape
            # Torch columns are ordered (c, h, w); reorder them to Keras's (h, w, c).
            w = w.reshape(out, c, h, wd).transpose(0, 2, 3, 1).reshape(out, inn)
        return {"kernel": w.T, "bias": bias}
    if kind == "conv2d":
        if w.ndim != 4 or w.size == 0:
            raise ValueError("weight must be a non-empty [out, in, kh, kw] array")
        if bias.shape != (w.shape[0],):
            raise ValueError("bias must have one value per output channel")
        return {"kernel": w.transpose(2, 3, 1, 0), "bias": bias}
    raise ValueError(f"unknown layer type {kind!r}")
