# Reference: requests arrive evenly at `rate` per second; a batch of b is sent when its b-th
# request arrives. The first request of a batch waits for the other b - 1, then for the batch
# to be computed. The server keeps up when one batch is computed before the next is full.
import math


def choose_batch(timings, rate, latency_budget_ms):
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not (rate > 0) or not math.isfinite(rate):
        raise ValueError("the request rate must be a positive number")
    if not latency_budget_ms > 0:
        raise ValueError("the latency budget must be positive")
    seen = set()
    best = None
    for timing in timings:
        b, t = timing["batchSize"], timing["millis"]
        if not (isinstance(b, int) or (isinstance(b, float) and b.is_integer())) or b < 1 or not t > 0:
            raise ValueError(f"bad timing for batch size {b}")
        if b in seen:
            raise ValueError(f"batch size {b} is listed twice")
        seen.add(b)
        wait = 1000 * (b - 1) / rate
        worst = wait + t
        capacity = 1000 * b / t
        if worst > latency_budget_ms or capacity < rate:
            continue
        if best is None or capacity > best["capacityPerSecond"] or (
            capacity == best["capacityPerSecond"] and b < best["batchSize"]
        ):
            best = {"batchSize": b, "waitMs": wait, "worstLatencyMs": worst, "capacityPerSecond": capacity}
    return best
