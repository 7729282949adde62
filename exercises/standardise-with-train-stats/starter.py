# Starter: computes the statistics in one pass, over both splits together.
# TODO: fit on the training rows only; the test split must not influence the transform.
# TODO: E[x^2] - E[x]^2 cancels catastrophically for features with a large offset (and can
#       even come out negative). Use the deviations from the mean.
# TODO: a constant feature has standard deviation 0; use 1 instead, as the statement says.
# TODO: refuse an empty training split and rows of the wrong length.
import numpy as np


def standardise(train, test):
    x = np.asarray(train, dtype=np.float64)
    t = np.asarray(test, dtype=np.float64).reshape(len(test), x.shape[1])
    both = np.concatenate([x, t])
    mean = both.mean(axis=0)
    with np.errstate(all="ignore"):
        std = np.sqrt((both**2).mean(axis=0) - mean**2)
        return {"mean": mean, "std": std, "train": (x - mean) / std, "test": (t - mean) / std}
