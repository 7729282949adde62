# Starter: finds exact copies with a double loop and stops there.
# TODO: near duplicates: compare the normalised texts (lower case, every run of characters
#       other than a-z and 0-9 replaced by one space, trimmed).
# TODO: the clean accuracy must leave out every leaked record (exact and near), and is None
#       when nothing is left.
# TODO: a double loop is train x test comparisons; a set lookup is one per record.


def find_leakage(train, test, test_correct):
    exact = [i for i, t in enumerate(test) if any(s == t for s in train)]
    accuracy_all = sum(test_correct) / len(test)
    return {"exact": exact, "near": [], "accuracyAll": accuracy_all, "accuracyClean": accuracy_all}
