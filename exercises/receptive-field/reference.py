# Reference: the usual recurrence (one spatial dimension; padding shifts the field, it does
# not change its size): r_out = r_in + dilation * (kernel - 1) * j_in, j_out = j_in * stride,
# starting from r = 1 and j = 1 at the input.


def _pos_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 1


def receptive_field(layers):
    r, j = 1, 1
    sizes, jumps = [], []
    for i, layer in enumerate(layers):
        k, s, d = layer.get("kernel"), layer.get("stride", 1), layer.get("dilation", 1)
        if not (_pos_int(k) and _pos_int(s) and _pos_int(d)):
            raise ValueError(f"layer {i}: kernel, stride and dilation must be integers >= 1")
        r += d * (k - 1) * j
        j *= s
        sizes.append(r)
        jumps.append(j)
    return {"sizes": sizes, "jumps": jumps}
