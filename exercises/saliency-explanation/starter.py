# Starter: a forward pass and a gradient that forgets the ReLU.
# TODO: the gradient only flows through hidden units that are active (z > 0) for this input.
# TODO: saliency is the magnitude |gradient|; rank by it, ties to the lower index.
# TODO: the occlusion check: score minus the score with the chosen inputs set to 0, for the
#       top-k and for the k least salient inputs. Validate the shapes, the class and k.
import numpy as np


def saliency_check(net, x, cls, k):
    w1, b1 = np.asarray(net["w1"], dtype=float), np.asarray(net["b1"], dtype=float)
    w2, b2 = np.asarray(net["w2"], dtype=float), np.asarray(net["b2"], dtype=float)
    x = np.asarray(x, dtype=float)
    score = float(w2[cls] @ np.maximum(w1 @ x + b1, 0) + b2[cls])
    saliency = w1.T @ w2[cls]
    top = [int(i) for i in np.argsort(-saliency)[:k]]
    return {"score": score, "saliency": saliency, "top": top, "dropTop": 0.0, "dropBottom": 0.0}
