# Reference: StandardScaler semantics (population standard deviation, a constant feature is
# scaled by 1), fitted on the training rows only. NumPy's var works around the mean, so
# features with a large offset keep their digits.
import numpy as np


def standardise(train, test):
    if len(train) == 0:
        raise ValueError("cannot fit on an empty training split")
    d = len(train[0])
    for name, rows in (("train", train), ("test", test)):
        for i, r in enumerate(rows):
            if len(r) != d:
                raise ValueError(f"{name}[{i}] has {len(r)} features, expected {d}")
    x = np.asarray(train, dtype=np.float64)
    t = np.asarray(test, dtype=np.float64).reshape(len(test), d)
    mean = x.mean(axis=0)
    std = np.sqrt(((x - mean) ** 2).mean(axis=0))
    std = np.where(std < 1e-8, 1.0, std)  # a constant feature: centre it, do not blow it up
    return {"mean": mean, "std": std, "train": (x - mean) / std, "test": (t - mean) / std}
