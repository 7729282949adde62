# Reference: a set of the training texts and a set of their normalised forms; each test text
# is looked up in both (linear time overall, not a train x test double loop).
import re


def normalise(text):
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def find_leakage(train, test, test_correct):
    if len(test) == 0:
        raise ValueError("the test split is empty")
    if len(test_correct) != len(test):
        raise ValueError("one correctness flag per test record is needed")
    raw = set(train)
    norm = {normalise(t) for t in train}
    exact, near, clean = [], [], []
    for i, t in enumerate(test):
        if t in raw:
            exact.append(i)
        elif normalise(t) in norm:
            near.append(i)
        else:
            clean.append(i)
    return {
        "exact": exact,
        "near": near,
        "accuracyAll": sum(bool(c) for c in test_correct) / len(test),
        "accuracyClean": sum(bool(test_correct[i]) for i in clean) / len(clean) if clean else None,
    }
