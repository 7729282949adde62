# Starter: picks the batch size with the most capacity among those whose compute time fits
# the budget.
# TODO: a request also waits while its batch fills up; that wait counts against the budget.
# TODO: a batch size whose capacity is below the request rate falls further behind every
#       second; it is never a valid choice.
# TODO: ties, duplicates and invalid inputs, as the statement says.


def choose_batch(timings, rate, latency_budget_ms):
    best = None
    for timing in timings:
        b, t = timing["batchSize"], timing["millis"]
        capacity = 1000 * b / t
        if t > latency_budget_ms:
            continue
        if best is None or capacity > best["capacityPerSecond"]:
            best = {"batchSize": b, "waitMs": 0, "worstLatencyMs": t, "capacityPerSecond": capacity}
    return best
