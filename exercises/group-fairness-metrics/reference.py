# Reference: per-group rates, then the two standard gaps. Groups are reported in sorted order.
import numpy as np


def fairness_gaps(predictions, labels, groups):
    n = len(predictions)
    if n == 0 or len(labels) != n or len(groups) != n:
        raise ValueError("three arrays of the same, non-zero length")
    if any(v not in (0, 1) or isinstance(v, bool) for v in list(predictions) + list(labels)):
        raise ValueError("predictions and labels must be 0 or 1")
    p = np.asarray(predictions)
    y = np.asarray(labels)
    g = np.asarray(groups, dtype=object)
    names = sorted(set(groups))
    if len(names) < 2:
        raise ValueError("need at least two groups to compare")
    sel, tpr = [], []
    for name in names:
        member = g == name
        positive = member & (y == 1)
        if not positive.any():
            raise ValueError(f"group {name} has no positive example: its true-positive rate is undefined")
        sel.append(float(p[member].mean()))
        tpr.append(float(p[positive].mean()))
    # Equal opportunity: the qualified members of this group are the least often accepted.
    worst = int(np.argmin(tpr))  # the first on a tie
    return {
        "groups": names,
        "selectionRate": sel,
        "truePositiveRate": tpr,
        "demographicParityGap": max(sel) - min(sel),
        "equalOpportunityGap": max(tpr) - min(tpr),
        "disadvantaged": names[worst],
    }
