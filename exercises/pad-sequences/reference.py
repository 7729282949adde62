"""Reference: Keras' pad_sequences. Defaults: maxlen = the longest sequence, padding 'pre',
truncating 'pre' (keep the end of a long sequence), value 0."""


def pad_sequences(sequences, options=None):
    options = options or {}
    padding = options.get("padding", "pre")
    truncating = options.get("truncating", "pre")
    value = options.get("value", 0)
    maxlen = options.get("maxlen")
    if maxlen is None:
        maxlen = max((len(s) for s in sequences), default=0)
    out = []
    for s in sequences:
        if len(s) <= maxlen:
            kept = list(s)
        else:
            kept = list(s[len(s) - maxlen :]) if truncating == "pre" else list(s[:maxlen])
        fill = [value] * (maxlen - len(kept))
        out.append(fill + kept if padding == "pre" else kept + fill)
    return out
