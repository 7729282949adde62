# Starter: the common case (no dilation, no output padding, sensible layers) is right.
# TODO: take outputPadding and dilation into account (both optional: 0 and 1 by default).
# TODO: refuse layers that cannot exist: non-integer or out-of-range parameters,
#       an outputPadding that is too large, and outputs of size 0 or less.


def transposed_conv_sizes(input_size, layers):
    sizes = []
    size = input_size
    for layer in layers:
        size = (size - 1) * layer["stride"] - 2 * layer["padding"] + layer["kernel"]
        sizes.append(size)
    return sizes
