# Reference: shapes as Keras computes them (channels last), MACs of one forward pass for
# one example, biases and activations not counted. Layers are dicts as in the statement.
import math


def _pos_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 1


def _out(n, k, s, padding):
    return math.ceil(n / s) if padding == "same" else (n - k) // s + 1


def count_macs(input_shape, layers):
    if len(input_shape) != 3 or not all(_pos_int(d) for d in input_shape):
        raise ValueError("input_shape must be [height, width, channels]")
    shape = list(input_shape)
    macs = []
    for i, layer in enumerate(layers):
        kind = layer.get("type")
        if kind == "conv2d":
            k, f, s, pad = layer.get("kernel"), layer.get("filters"), layer.get("stride", 1), layer.get("padding")
            if len(shape) != 3 or not all(_pos_int(v) for v in (k, f, s)) or pad not in ("same", "valid"):
                raise ValueError(f"layer {i}: bad conv2d")
            h, w, c = shape
            oh, ow = _out(h, k, s, pad), _out(w, k, s, pad)
            if oh < 1 or ow < 1:
                raise ValueError(f"layer {i}: the output would be empty")
            macs.append(oh * ow * f * k * k * c)
            shape = [oh, ow, f]
        elif kind == "maxpool2d":
            p = layer.get("pool")
            s = layer.get("stride", p)
            if len(shape) != 3 or not (_pos_int(p) and _pos_int(s)):
                raise ValueError(f"layer {i}: bad maxpool2d")
            oh, ow = _out(shape[0], p, s, "valid"), _out(shape[1], p, s, "valid")
            if oh < 1 or ow < 1:
                raise ValueError(f"layer {i}: the output would be empty")
            macs.append(0)  # comparisons, no multiplications
            shape = [oh, ow, shape[2]]
        elif kind == "flatten":
            macs.append(0)
            shape = [math.prod(shape)]
        elif kind == "dense":
            u = layer.get("units")
            if not _pos_int(u):
                raise ValueError(f"layer {i}: bad dense")
            # Dense acts on the last axis; on an unflattened [h, w, c] input it runs at every position.
            macs.append(math.prod(shape) * u)
            shape = shape[:-1] + [u]
        else:
            raise ValueError(f"layer {i}: unknown type {kind!r}")
    best = max(range(len(macs)), key=lambda j: (macs[j], -j)) if macs else -1
    return {"macs": macs, "total": sum(macs), "mostExpensive": best}
