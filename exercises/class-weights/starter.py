# Starter: the weights have the right shape of idea, the loss the right shape of code.
# TODO: "balanced" weights are n / (K * n_c), so that a balanced set gets weight 1 everywhere.
# TODO: exp(1000) overflows: compute the cross-entropy from a stable log-softmax.
# TODO: a weighted mean divides by the sum of the weights used, not by the batch size.
# TODO: validate labels and shapes; a class absent from training gets weight 0.
import numpy as np


def weighted_loss(train_labels, num_classes, logits, labels):
    counts = np.bincount(np.asarray(train_labels, dtype=np.int64), minlength=num_classes)
    with np.errstate(all="ignore"):
        weights = 1.0 / counts
        z = np.exp(np.asarray(logits, dtype=np.float64))
        y = np.asarray(labels, dtype=np.int64)
        p = z[np.arange(len(y)), y] / z.sum(axis=1)
        loss = float((weights[y] * -np.log(p)).sum() / len(y))
    return {"weights": weights, "loss": loss}
