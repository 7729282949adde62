# Starter: the formulas are right on paper, but they go through sigmoid and log. For a logit
# of 40, 1 - sigmoid(40) is exactly 0 in float64 and log(0) = -inf.
# TODO: rewrite both losses so they stay finite for any finite logit.
# TODO: refuse empty batches (a mean over nothing is not a loss).
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gan_losses(real_logits, fake_logits):
    real = np.asarray(real_logits, dtype=np.float64)
    fake = np.asarray(fake_logits, dtype=np.float64)
    with np.errstate(all="ignore"):
        discriminator = -np.log(sigmoid(real)).mean() - np.log(1.0 - sigmoid(fake)).mean()
        generator = -np.log(sigmoid(fake)).mean()
    return {"discriminator": float(discriminator), "generator": float(generator)}
