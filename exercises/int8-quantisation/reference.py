# Reference: per-tensor asymmetric (affine) quantisation to int8 as in the usual
# post-training schemes: the range always contains 0, so a real 0 (padding, ReLU output)
# maps to an integer exactly.
import numpy as np

QMIN, QMAX = -128, 127


def round_half_away(x):
    """Round to the nearest integer, ties away from zero (np.round would send 2.5 to 2)."""
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def quantise_int8(values):
    x = np.asarray(values, dtype=np.float64)
    if x.size == 0:
        raise ValueError("nothing to quantise")
    if not np.all(np.isfinite(x)):
        raise ValueError("values must be finite")
    lo = min(0.0, float(x.min()))
    hi = max(0.0, float(x.max()))
    # All zeros: any scale works; 1 with zero point 0 keeps the arithmetic trivial.
    scale = 1.0 if hi == lo else (hi - lo) / (QMAX - QMIN)
    zero_point = int(np.clip(round_half_away(QMIN - lo / scale), QMIN, QMAX))
    q = np.clip(round_half_away(x / scale) + zero_point, QMIN, QMAX).astype(np.int64)
    dequantised = (q - zero_point) * scale
    return {
        "scale": scale,
        "zeroPoint": zero_point,
        "q": q,
        "dequantised": dequantised,
        "maxError": float(np.max(np.abs(x - dequantised))),
    }
