# Starter: moves every pixel by epsilon times the gradient itself.
# TODO: FGSM uses only the sign of the gradient (an L-infinity step of exactly epsilon).
# TODO: a targeted attack moves the other way; clip to the valid range; report the L-inf
#       size of the change actually made; validate the inputs.
import numpy as np


def fgsm(x, grad, epsilon, targeted, value_range=(0.0, 1.0)):
    x = np.asarray(x, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    return {"adversarial": x + epsilon * g, "linf": epsilon}
