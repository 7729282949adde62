# Starter: the shapes are handled, but two formulas are off.
# TODO: the encoder predicts log(sigma^2); check which power of exp(log_var) is sigma.
# TODO: the KL term below is missing pieces; derive KL(N(mu, sigma^2) || N(0, 1)) per dimension.
import numpy as np


def vae_sample(mu, log_var, eps):
    mu = np.asarray(mu, dtype=np.float64)
    log_var = np.asarray(log_var, dtype=np.float64)
    eps = np.asarray(eps, dtype=np.float64)
    if mu.shape[0] == 0:
        raise ValueError("the batch is empty")
    z = mu + np.exp(log_var) * eps
    kl = 0.5 * np.sum(mu**2 - log_var, axis=1)
    return {"z": z, "kl": kl, "meanKl": float(kl.mean())}
