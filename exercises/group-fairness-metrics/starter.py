# Starter: the selection rates are right.
# TODO: the true-positive rate is P(prediction = 1 | label = 1) within the group: count only
#       the group's positive examples, not all its examples.
# TODO: the gaps are max - min over the groups; the disadvantaged group has the lowest TPR
#       (first in sorted order on a tie). Validate the inputs.
import numpy as np


def fairness_gaps(predictions, labels, groups):
    p, y, g = np.asarray(predictions), np.asarray(labels), np.asarray(groups, dtype=object)
    names = sorted(set(groups))
    sel = [float(p[g == name].mean()) for name in names]
    tpr = [float((p * y)[g == name].mean()) for name in names]
    return {
        "groups": names,
        "selectionRate": sel,
        "truePositiveRate": tpr,
        "demographicParityGap": sel[0] - sel[1],
        "equalOpportunityGap": tpr[0] - tpr[1],
        "disadvantaged": names[0],
    }
