# Reference: scikit-learn's "balanced" weights n / (K * n_c) (0 for a class absent from the
# training labels), and PyTorch's CrossEntropyLoss(weight=w) with reduction 'mean':
# sum_i w[y_i] * CE_i / sum_i w[y_i], CE from a stable log-softmax.
import numpy as np


def _is_class(y, k):
    return isinstance(y, (int, float)) and not isinstance(y, bool) and float(y).is_integer() and 0 <= y < k


def weighted_loss(train_labels, num_classes, logits, labels):
    if not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError("num_classes must be an integer >= 2")
    if len(train_labels) == 0:
        raise ValueError("no training labels")
    if not all(_is_class(y, num_classes) for y in train_labels):
        raise ValueError("bad training label")
    counts = np.bincount(np.asarray(train_labels, dtype=np.int64), minlength=num_classes)
    n = len(train_labels)
    with np.errstate(divide="ignore"):
        weights = np.where(counts == 0, 0.0, n / (num_classes * np.maximum(counts, 1)))
    if len(logits) == 0 or len(logits) != len(labels):
        raise ValueError("the batch must be non-empty, one label per row")
    if any(len(r) != num_classes for r in logits) or not all(_is_class(y, num_classes) for y in labels):
        raise ValueError("malformed batch")
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    m = z.max(axis=1, keepdims=True)
    log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    ce = -log_p[np.arange(len(y)), y]
    w = weights[y]
    if w.sum() == 0:
        raise ValueError("every example in the batch has weight 0")
    return {"weights": weights, "loss": float((w * ce).sum() / w.sum())}
