# Starter: splits by position - the last test_percent % of the records become the test set.
# It is deterministic, but it is not stable: append new records and old ones change sides,
# and two records of the same group can land on both sides.
# TODO: decide each record's side from the FNV-1a hash of its key, as the statement specifies.
# TODO: validate test_percent.


def hash_split(keys, test_percent):
    cut = round(len(keys) * (100 - test_percent) / 100)
    return {"train": list(range(cut)), "test": list(range(cut, len(keys)))}
