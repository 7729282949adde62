"""Reference: NumPy's broadcasting rule, written out: align on the right, 1 stretches, else sizes must match."""


def broadcast_shapes(a, b):
    rank = max(len(a), len(b))
    out = []
    for i in range(1, rank + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x != y and x != 1 and y != 1:
            raise ValueError(f"shapes {a} and {b} cannot be broadcast: {x} vs {y}")
        out.insert(0, y if x == 1 else x)
    return out
