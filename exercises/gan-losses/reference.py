# Reference: the standard GAN losses written with a stable softplus, so that
# -log(sigmoid(x)) = softplus(-x) and -log(1 - sigmoid(x)) = softplus(x) never meet log(0).
import numpy as np


def softplus(x):
    """log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def gan_losses(real_logits, fake_logits):
    real = np.asarray(real_logits, dtype=np.float64)
    fake = np.asarray(fake_logits, dtype=np.float64)
    if real.size == 0 or fake.size == 0:
        raise ValueError("both batches must be non-empty")
    # Discriminator: binary cross-entropy with label 1 on real, label 0 on generated samples.
    discriminator = softplus(-real).mean() + softplus(fake).mean()
    # Non-saturating generator loss: -log D(G(z)), i.e. label 1 on generated samples.
    generator = softplus(-fake).mean()
    return {"discriminator": float(discriminator), "generator": float(generator)}
