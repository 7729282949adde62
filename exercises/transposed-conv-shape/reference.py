# Reference: the output size of a transposed convolution as PyTorch's ConvTranspose2d defines
# it (per spatial dimension): (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1.
# Layers are dicts with the keys kernel, stride, padding and optionally outputPadding, dilation.


def _is_int(v, lo):
    return isinstance(v, int) and not isinstance(v, bool) and v >= lo or (
        isinstance(v, float) and v.is_integer() and v >= lo
    )


def transposed_conv_sizes(input_size, layers):
    if not _is_int(input_size, 1):
        raise ValueError("the input size must be a positive integer")
    sizes = []
    size = int(input_size)
    for i, layer in enumerate(layers):
        kernel, stride, padding = layer["kernel"], layer["stride"], layer["padding"]
        output_padding = layer.get("outputPadding", 0)
        dilation = layer.get("dilation", 1)
        if not all(_is_int(v, 1) for v in (kernel, stride, dilation)) or not all(
            _is_int(v, 0) for v in (padding, output_padding)
        ):
            raise ValueError(f"layer {i}: kernel, stride and dilation must be integers >= 1, paddings >= 0")
        # The output padding only picks one of the sizes that a strided convolution maps back to
        # the same input size, so it must stay below the stride (or the dilation).
        if output_padding >= max(stride, dilation):
            raise ValueError(f"layer {i}: outputPadding must be smaller than the stride or the dilation")
        size = int((size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1)
        if size < 1:
            raise ValueError(f"layer {i}: the output would be empty (size {size})")
        sizes.append(size)
    return sizes
