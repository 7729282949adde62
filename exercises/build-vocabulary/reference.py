# Reference: Keras-IMDb-style ids (0 padding, 1 start, 2 unknown, then words by frequency),
# ties broken alphabetically so that the same corpus always gives the same vocabulary.
import re
from collections import Counter


def _tokenise(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def build_vocabulary(train_texts, max_size, min_count, texts):
    if not isinstance(max_size, int) or isinstance(max_size, bool) or max_size < 3:
        raise ValueError("max_size must be an integer >= 3 (the reserved ids)")
    if not isinstance(min_count, int) or isinstance(min_count, bool) or min_count < 1:
        raise ValueError("min_count must be an integer >= 1")
    counts = Counter(w for t in train_texts for w in _tokenise(t))
    ranked = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    vocabulary = ["<pad>", "<start>", "<unk>"] + ranked[: max_size - 3]
    ids = {w: i for i, w in enumerate(vocabulary)}
    # Only real words are looked up: a text containing "<pad>" is tokenised to "pad" anyway.
    encoded = [[1] + [ids.get(w, 2) for w in _tokenise(t)] for t in texts]
    return {"vocabulary": vocabulary, "encoded": encoded}
