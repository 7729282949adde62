"""Reference: confusion[i][j] counts examples of true class i predicted as class j.
precision_k = C[k][k] / column sum k, recall_k = C[k][k] / row sum k, F1 their harmonic mean;
each is 0 when its denominator is 0 (scikit-learn's zero_division=0). Macro F1 = mean of the
per-class F1; micro F1 = correct / total (0 for an empty matrix)."""
import numpy as np


def classification_report(confusion):
    k = len(confusion)
    c = np.asarray(confusion, dtype=float).reshape(k, k)
    tp = np.diag(c)
    cols, rows = c.sum(axis=0), c.sum(axis=1)
    precision = np.divide(tp, cols, out=np.zeros(k), where=cols != 0)
    recall = np.divide(tp, rows, out=np.zeros(k), where=rows != 0)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros(k), where=both != 0)
    total = c.sum()
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "macroF1": float(f1.mean()) if k else 0.0,
        "microF1": float(tp.sum() / total) if total else 0.0,
    }
