# Starter: counts words and numbers them, but the vocabulary is not reproducible.
# TODO: ids 0, 1 and 2 are reserved for '<pad>', '<start>' and '<unk>'; words start at 3.
# TODO: sort by count, then alphabetically: a dict keeps insertion order, so ties follow the
#       order of the corpus and change when the data is shuffled.
# TODO: apply min_count and max_size (which includes the three reserved ids); encode each text
#       as the start id followed by its word ids, unknown words as 2; validate the arguments.
from collections import Counter


def build_vocabulary(train_texts, max_size, min_count, texts):
    counts = Counter(w for t in train_texts for w in t.lower().split())
    vocabulary = [w for w, _ in counts.most_common()]
    encoded = [[vocabulary.index(w) if w in vocabulary else -1 for w in t.lower().split()] for t in texts]
    return {"vocabulary": vocabulary, "encoded": encoded}
