# Starter: right for a stack of Dense layers on a flat input, and little else.
# TODO: Conv2D (kernel x kernel x input channels x filters, plus biases) and the shape it leaves.
# TODO: Embedding, LSTM (four gates) and GRU (three gates; Keras's default resetAfter: true
#       has two bias vectors per gate).
# TODO: BatchNormalization (what is trained, what is not), pooling and Flatten.
# TODO: useBias: false, and errors for layers that cannot exist.
import math


def count_parameters(input_shape, layers):
    features = math.prod(input_shape)
    per_layer = []
    for layer in layers:
        if layer.get("type") == "dense":
            per_layer.append(features * layer["units"] + layer["units"])
            features = layer["units"]
        else:
            per_layer.append(0)
    return {"perLayer": per_layer, "trainable": sum(per_layer), "nonTrainable": 0}
