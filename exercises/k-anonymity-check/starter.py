# Starter: looks at one column only, and never generalises.
# TODO: a group is the set of rows that agree on *all* the quasi-identifiers together.
# TODO: try the widths 1, 2, 5, 10, 20, 50, 100 on the generalise column, in that order, and
#       stop at the first that makes every group at least k rows; None if none does.
# TODO: validate the inputs.
from collections import Counter


def k_anonymity(rows, quasi_identifiers, k, generalise):
    sizes = Counter(row[quasi_identifiers[0]] for row in rows)
    k_before = min(sizes.values())
    return {"kBefore": k_before, "width": 1, "kAfter": k_before}
