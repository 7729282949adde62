# Starter: right for a plain convolution with 'valid' padding. TODO: 'same' padding,
# dilation, pooling layers, and windows that do not fit.


def conv_output_shape(input_shape, layer):
    n, h, w = input_shape[0], input_shape[1], input_shape[2]
    sh, sw = layer.get("strides") or [1, 1]
    oh = (h - layer["kernel"][0]) // sh + 1
    ow = (w - layer["kernel"][1]) // sw + 1
    return [n, oh, ow, layer.get("filters") or 0]
