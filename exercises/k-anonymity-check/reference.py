# Reference: group the rows by the tuple of their quasi-identifiers; k is the smallest group.
# Generalisation replaces a number v by the lower end of its range, floor(v / width) * width.
import math
from collections import Counter

WIDTHS = [1, 2, 5, 10, 20, 50, 100]


def _smallest_group(rows, qi, column, width):
    keys = Counter(
        tuple(math.floor(row[c] / width) * width if c == column else row[c] for c in qi) for row in rows
    )
    return min(keys.values())


def k_anonymity(rows, quasi_identifiers, k, generalise):
    if not rows:
        raise ValueError("the table is empty")
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise ValueError("k must be an integer >= 1")
    if generalise not in quasi_identifiers:
        raise ValueError("generalise must be one of the quasi-identifiers")
    for i, row in enumerate(rows):
        if any(c not in row for c in quasi_identifiers):
            raise ValueError(f"row {i} lacks a quasi-identifier")
        if isinstance(row[generalise], bool) or not isinstance(row[generalise], (int, float)):
            raise ValueError(f"row {i}: {generalise} is not a number")
    k_before = _smallest_group(rows, quasi_identifiers, None, 1)
    k_after = k_before
    for width in WIDTHS:
        k_after = _smallest_group(rows, quasi_identifiers, generalise, width)
        if k_after >= k:
            return {"kBefore": k_before, "width": width, "kAfter": k_after}
    return {"kBefore": k_before, "width": None, "kAfter": k_after}
