# Reference: the reparameterisation trick and the closed-form KL divergence between the
# diagonal Gaussian N(mu, exp(log_var)) and N(0, I) (Kingma and Welling, 2014, appendix B).
import numpy as np


def vae_sample(mu, log_var, eps):
    mu = np.asarray(mu, dtype=np.float64)
    log_var = np.asarray(log_var, dtype=np.float64)
    eps = np.asarray(eps, dtype=np.float64)
    if mu.ndim != 2 or mu.shape[0] == 0 or mu.shape[1] == 0:
        raise ValueError("mu must be a non-empty batch of non-empty latent vectors")
    if log_var.shape != mu.shape or eps.shape != mu.shape:
        raise ValueError("mu, log_var and eps must have the same shape")
    # sigma = exp(log_var / 2): the network predicts the log of the variance, not of sigma.
    z = mu + np.exp(0.5 * log_var) * eps
    kl = 0.5 * np.sum(np.exp(log_var) + mu**2 - 1.0 - log_var, axis=1)
    return {"z": z, "kl": kl, "meanKl": float(kl.mean())}
