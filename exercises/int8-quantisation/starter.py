# Starter: the textbook formulas with three gaps an interviewer will probe.
# TODO: the range must contain 0 (what if every weight is positive?).
# TODO: the quantised values must be clamped to [-128, 127], and ties round away from zero.
# TODO: a tensor of zeros gives scale 0 and a division by zero.
import numpy as np


def quantise_int8(values):
    x = np.asarray(values, dtype=np.float64)
    lo, hi = float(x.min()), float(x.max())
    scale = (hi - lo) / 255
    with np.errstate(all="ignore"):
        zero_point = np.round(-128 - lo / scale)
        q = np.round(x / scale) + zero_point
        dequantised = (q - zero_point) * scale
    return {
        "scale": scale,
        "zeroPoint": zero_point,
        "q": q,
        "dequantised": dequantised,
        "maxError": float(np.max(np.abs(x - dequantised))),
    }
