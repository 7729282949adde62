# Reference: the counting step of confident learning (Northcutt, Jiang and Chuang, 2021):
# per-class thresholds t_j = mean predicted p_j over the examples labelled j; an example is
# confidently in class j when p_j >= t_j; it is an issue when the most probable of those
# classes is not its given label.
import numpy as np


def find_label_issues(probs, labels):
    if len(probs) == 0 or len(labels) != len(probs):
        raise ValueError("need one label per row, and at least one row")
    k = len(probs[0])
    if k < 2 or any(len(r) != k for r in probs):
        raise ValueError("every row needs the same number (>= 2) of probabilities")
    p = np.asarray(probs, dtype=np.float64)
    if np.any(~((p >= 0) & (p <= 1))):
        raise ValueError("probabilities must lie in [0, 1]")
    if not all(isinstance(y, (int, float)) and float(y).is_integer() and 0 <= y < k for y in labels):
        raise ValueError("labels must be class ids")
    y = np.asarray(labels, dtype=np.int64)
    thresholds = np.full(k, np.inf)  # a class nobody is labelled with: no example is confidently in it
    for j in range(k):
        if np.any(y == j):
            thresholds[j] = p[y == j, j].mean()
    found = []
    for i in range(len(y)):
        confident = np.flatnonzero(p[i] >= thresholds)
        if confident.size == 0:
            continue
        best = int(confident[np.argmax(p[i, confident])])  # argmax keeps the first on a tie
        if best != y[i]:
            found.append((p[i, y[i]], i, best))
    found.sort(key=lambda f: (f[0], f[1]))  # most suspicious first; ties by index
    return {
        "issues": [f[1] for f in found],
        "suggested": [f[2] for f in found],
        "noiseRate": len(found) / len(y),
    }
