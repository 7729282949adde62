# Reference: a 32-bit linear congruential generator (the Numerical Recipes constants), a
# Fisher-Yates shuffle per epoch with the generator carried over between epochs, and batches
# cut in order.

MODULUS = 2**32


def _is_int(v, lo, hi=None):
    ok = (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    return ok and v >= lo and (hi is None or v <= hi)


def seeded_batches(n, batch_size, seed, epochs, drop_last):
    if not (_is_int(n, 0) and _is_int(batch_size, 1) and _is_int(seed, 0, MODULUS - 1) and _is_int(epochs, 0)):
        raise ValueError("n and epochs must be integers >= 0, batch_size >= 1, seed in [0, 2^32)")
    n, batch_size, epochs = int(n), int(batch_size), int(epochs)
    state = int(seed)

    def uniform():
        nonlocal state
        state = (1664525 * state + 1013904223) % MODULUS
        return state / MODULUS

    result = []
    for _ in range(epochs):
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = int(uniform() * (i + 1))  # 0 <= j <= i: the element may stay where it is
            order[i], order[j] = order[j], order[i]
        batches = []
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            if len(batch) < batch_size and drop_last:
                break
            batches.append(batch)
        result.append(batches)
    return result
