# Starter: handles a plain stack of 'valid' convolutions, then a flatten and dense layers.
# TODO: 'same' padding and strides change the output size (Keras: ceil(n / s) for 'same').
# TODO: max pooling has no multiplications but shrinks the map (its stride defaults to pool).
# TODO: a dense layer on an unflattened [h, w, c] input runs at every position.
# TODO: refuse layers that cannot exist (unknown type, empty output, bad parameters).


def count_macs(input_shape, layers):
    h, w, c = input_shape
    features = h * w * c
    macs = []
    for layer in layers:
        if layer["type"] == "conv2d":
            h, w = h - layer["kernel"] + 1, w - layer["kernel"] + 1
            macs.append(h * w * layer["filters"] * layer["kernel"] ** 2 * c)
            c = layer["filters"]
            features = h * w * c
        elif layer["type"] == "dense":
            macs.append(features * layer["units"])
            features = layer["units"]
        else:
            macs.append(0)
    return {"macs": macs, "total": sum(macs), "mostExpensive": macs.index(max(macs)) if macs else -1}
