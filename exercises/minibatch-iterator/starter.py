# Starter: the generator is right, the rest has three bugs a reviewer should catch.
# TODO: j is drawn from 0..i-1, so an element can never stay in place (that is Sattolo's
#       algorithm, which only produces cyclic permutations, not uniform shuffles).
# TODO: the generator is re-created every epoch, so every epoch has the same order.
# TODO: the last partial batch is always dropped; drop_last should decide.
# TODO: check the other inputs too (integers, seed range).

MODULUS = 2**32


def seeded_batches(n, batch_size, seed, epochs, drop_last):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    result = []
    for _ in range(epochs):
        state = seed
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            state = (1664525 * state + 1013904223) % MODULUS
            j = int(state / MODULUS * i)
            order[i], order[j] = order[j], order[i]
        result.append([order[s : s + batch_size] for s in range(0, n - batch_size + 1, batch_size)])
    return result
