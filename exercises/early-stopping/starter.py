# Starter: a first attempt with three mistakes.
# TODO: an improvement must beat the best loss by more than min_delta.
# TODO: training stops when the number of epochs without improvement *reaches* the patience.
# TODO: report the best epoch (1-based) and loss, whether it stopped early; NaN never improves;
#       validate the inputs.


def early_stopping(losses, patience, min_delta):
    best, best_epoch, wait = losses[0], 1, 0
    for e in range(1, len(losses)):
        if losses[e] < best:
            best, best_epoch, wait = losses[e], e + 1, 0
        else:
            wait += 1
            if wait > patience:
                return {"stopEpoch": e + 1, "stoppedEarly": True, "bestEpoch": best_epoch, "bestLoss": best}
    return {"stopEpoch": len(losses), "stoppedEarly": False, "bestEpoch": best_epoch, "bestLoss": best}
