# Reference: Keras's parameter counts (TensorFlow 2 defaults), shapes without the batch axis.
# Layers are dicts as in the statement.
import math


def _pos_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 1


def count_parameters(input_shape, layers):
    if not input_shape or not all(_pos_int(d) for d in input_shape):
        raise ValueError("bad input shape")
    shape = list(input_shape)
    per_layer, non_trainable = [], 0
    for i, layer in enumerate(layers):
        kind = layer.get("type")
        if kind == "dense":
            u = layer.get("units")
            if not _pos_int(u):
                raise ValueError(f"layer {i}: bad units")
            per_layer.append(shape[-1] * u + (u if layer.get("useBias", True) else 0))
            shape = shape[:-1] + [u]
        elif kind == "conv2d":
            f, k, s = layer.get("filters"), layer.get("kernel"), layer.get("stride", 1)
            pad = layer.get("padding", "valid")
            if len(shape) != 3 or not all(_pos_int(v) for v in (f, k, s)) or pad not in ("same", "valid"):
                raise ValueError(f"layer {i}: bad conv2d")
            out = (lambda n: math.ceil(n / s)) if pad == "same" else (lambda n: (n - k) // s + 1)
            oh, ow = out(shape[0]), out(shape[1])
            if oh < 1 or ow < 1:
                raise ValueError(f"layer {i}: the output would be empty")
            per_layer.append(k * k * shape[2] * f + (f if layer.get("useBias", True) else 0))
            shape = [oh, ow, f]
        elif kind == "maxpool2d":
            p = layer.get("pool")
            if len(shape) != 3 or not _pos_int(p):
                raise ValueError(f"layer {i}: bad pooling")
            oh, ow = (shape[0] - p) // p + 1, (shape[1] - p) // p + 1
            if oh < 1 or ow < 1:
                raise ValueError(f"layer {i}: the output would be empty")
            per_layer.append(0)
            shape = [oh, ow, shape[2]]
        elif kind == "flatten":
            per_layer.append(0)
            shape = [math.prod(shape)]
        elif kind == "embedding":
            n, d = layer.get("inputDim"), layer.get("outputDim")
            if not (_pos_int(n) and _pos_int(d)):
                raise ValueError(f"layer {i}: bad embedding")
            per_layer.append(n * d)  # one row per token id, however long the input
            shape = shape + [d]
        elif kind in ("lstm", "gru"):
            u = layer.get("units")
            if len(shape) != 2 or not _pos_int(u):
                raise ValueError(f"layer {i}: needs a [timesteps, features] input and positive units")
            core = u * (shape[1] + u)  # input kernel + recurrent kernel of one gate
            if kind == "lstm":
                per_layer.append(4 * (core + u))
            else:
                per_layer.append(3 * (core + (2 * u if layer.get("resetAfter", True) else u)))
            shape = [shape[0], u] if layer.get("returnSequences", False) else [u]
        elif kind == "batchnorm":
            # gamma and beta are trained; the moving mean and variance are not.
            per_layer.append(2 * shape[-1])
            non_trainable += 2 * shape[-1]
        else:
            raise ValueError(f"layer {i}: unknown type {kind!r}")
    return {"perLayer": per_layer, "trainable": sum(per_layer), "nonTrainable": non_trainable}
