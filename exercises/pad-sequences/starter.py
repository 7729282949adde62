# Starter: pads at the end and cuts at the end, whatever the options say, and always uses 0.
# TODO: follow Keras' defaults and options (padding, truncating, value, maxlen).


def pad_sequences(sequences, options=None):
    options = options or {}
    maxlen = options.get("maxlen")
    if maxlen is None:
        maxlen = max(len(s) for s in sequences)
    return [list(s[:maxlen]) + [0] * max(0, maxlen - len(s)) for s in sequences]
