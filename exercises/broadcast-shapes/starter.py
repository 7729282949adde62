# Starter: aligns the shapes on the left and never reports an incompatible pair.
# TODO: align on the right, treat missing dimensions as 1, and raise for incompatible sizes.


def broadcast_shapes(a, b):
    rank = max(len(a), len(b))
    out = []
    for i in range(rank):
        x = a[i] if i < len(a) else 1
        y = b[i] if i < len(b) else 1
        out.append(max(x, y))
    return out
