"""Reference: output shape of a 2-D convolution or pooling layer (NHWC), as Keras computes it."""
import math


def conv_output_shape(input_shape, layer):
    if len(input_shape) != 4:
        raise ValueError("input must be [batch, height, width, channels]")
    n, h, w, c = input_shape
    strides = layer.get("strides") or [1, 1]
    dilation = layer.get("dilation") or [1, 1]
    padding = layer.get("padding") or "valid"

    def size(length, k, s, d):
        if padding == "same":
            return math.ceil(length / s)
        effective = d * (k - 1) + 1
        return (length - effective) // s + 1

    oh = size(h, layer["kernel"][0], strides[0], dilation[0])
    ow = size(w, layer["kernel"][1], strides[1], dilation[1])
    if oh < 1 or ow < 1:
        raise ValueError(f"the window does not fit: output {oh}x{ow}")
    channels = c
    if layer["kind"] == "conv":
        if layer.get("filters") is None:
            raise ValueError("a convolution needs filters")
        channels = layer["filters"]
    return [n, oh, ow, channels]
