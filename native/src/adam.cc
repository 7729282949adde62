// Adam's update of one variable in a single pass, in place: what tfjs' AdamOptimizer does with
// about ten element-wise ops (and as many new tensors) per variable and step. The arithmetic is
// the same float32 operations in the same order (no fused multiply-add: -std=c++17 keeps
// -ffp-contract=off), so it matches tfjs up to the rounding of its backends.
#include <cmath>

#include "ops.h"

namespace dojo {

void adamUpdate(const AdamStep& s, float* w, float* m, float* v, const float* g, int64_t n) {
#pragma omp parallel for schedule(static) if (n >= (1 << 16))
  for (int64_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = m[i] * s.beta1 + gi * s.oneMinusBeta1;
    const float vi = v[i] * s.beta2 + (gi * gi) * s.oneMinusBeta2;
    const float mHat = mi / s.oneMinusAccBeta1;
    const float vHat = vi / s.oneMinusAccBeta2;
    w[i] = (mHat / (std::sqrt(vHat) + s.epsilon)) * s.negLearningRate + w[i];
    m[i] = mi;
    v[i] = vi;
  }
}

}  // namespace dojo
