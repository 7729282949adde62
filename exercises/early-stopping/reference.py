# Reference: the rule of Keras's EarlyStopping callback (monitor a loss, mode 'min'): an epoch
# improves when its loss is below best - min_delta; otherwise the wait grows, and training stops
# at the end of the epoch where the wait reaches the patience. NaN never improves.
import math


def early_stopping(losses, patience, min_delta):
    if len(losses) == 0:
        raise ValueError("no epochs")
    if not isinstance(patience, int) or isinstance(patience, bool) or patience < 0:
        raise ValueError("patience must be an integer >= 0")
    if not min_delta >= 0:
        raise ValueError("min_delta must be >= 0")
    best, best_epoch, wait = math.inf, 0, 0
    for e, loss in enumerate(losses):
        if loss < best - min_delta:  # False for NaN
            best, best_epoch, wait = loss, e + 1, 0
        else:
            wait += 1
            if wait >= patience:
                return {"stopEpoch": e + 1, "stoppedEarly": e + 1 < len(losses), "bestEpoch": best_epoch, "bestLoss": best}
    return {"stopEpoch": len(losses), "stoppedEarly": False, "bestEpoch": best_epoch, "bestLoss": best}
