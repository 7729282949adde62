# Starter: adds each kernel's extent to the field, as if every layer saw the input directly.
# TODO: a layer after a stride-2 layer takes bigger steps over the input; the growth of the
#       field is (kernel - 1) times the product of all the earlier strides.
# TODO: dilation spreads the kernel; validate the layers.


def receptive_field(layers):
    r, sizes, jumps = 1, [], []
    for layer in layers:
        r += layer["kernel"] - 1
        sizes.append(r)
        jumps.append(layer.get("stride", 1))
    return {"sizes": sizes, "jumps": jumps}
