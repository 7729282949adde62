# Starter: flags every example whose most probable class is not its label, in index order.
# On a class that the model finds hard (probabilities spread out) this flags far too many.
# TODO: use per-class thresholds t_j (the mean p_j over the examples labelled j) and flag an
#       example only when the most probable class among those with p_j >= t_j differs from its label.
# TODO: rank the issues by the probability of the given label, lowest first.
# TODO: validate the inputs.
import numpy as np


def find_label_issues(probs, labels):
    p = np.asarray(probs, dtype=np.float64)
    best = p.argmax(axis=1)
    issues = [i for i in range(len(labels)) if best[i] != labels[i]]
    return {"issues": issues, "suggested": [int(best[i]) for i in issues], "noiseRate": len(issues) / len(labels)}
