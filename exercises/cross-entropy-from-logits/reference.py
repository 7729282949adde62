"""Reference: the loss of one example is logsumexp(z) - z[label], the log-sum-exp taken after
subtracting the row's maximum, so it stays finite for logits of any size."""
import numpy as np


def cross_entropy(logits, labels):
    if len(logits) == 0:
        raise ValueError("empty batch: the mean loss is undefined")
    if len(logits) != len(labels):
        raise ValueError("logits and labels differ in length")
    total = 0.0
    for row, label in zip(logits, labels):
        z = np.asarray(row, dtype=float)
        if isinstance(label, bool) or not float(label).is_integer() or not 0 <= label < z.size:
            raise ValueError(f"label {label} is out of range")
        top = z.max()
        total += top + np.log(np.sum(np.exp(z - top))) - z[int(label)]
    return total / len(logits)
