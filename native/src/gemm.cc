// Batched matrix products through OpenBLAS' cblas_sgemm, with tfjs' optional fused bias and
// activation applied to the product in place.
#include <cblas.h>

#include <cmath>

#include "ops.h"

namespace dojo {

void applyActivation(float* p, int64_t n, Activation act, float alpha) {
  switch (act) {
    case kLinear: return;
    case kRelu:
      for (int64_t i = 0; i < n; i++) p[i] = p[i] > 0.f ? p[i] : 0.f;
      return;
    case kRelu6:
      for (int64_t i = 0; i < n; i++) p[i] = p[i] < 0.f ? 0.f : p[i] > 6.f ? 6.f : p[i];
      return;
    case kLeakyRelu:
      for (int64_t i = 0; i < n; i++) p[i] = p[i] < 0.f ? alpha * p[i] : p[i];
      return;
    case kElu:
      for (int64_t i = 0; i < n; i++) p[i] = p[i] < 0.f ? std::expm1(p[i]) : p[i];
      return;
    case kSigmoid:
      for (int64_t i = 0; i < n; i++) p[i] = 1.f / (1.f + std::exp(-p[i]));
      return;
    default: return;  // tanh and hard sigmoid are never fused into a product by tfjs
  }
}

void gemm(const GemmShape& s, const float* a, const float* b, const float* bias, float* c, Activation act,
          float alpha) {
  const int64_t strideA = s.batchA == 1 ? 0 : s.M * s.K;
  const int64_t strideB = s.batchB == 1 ? 0 : s.K * s.N;
  const int64_t lda = s.transA ? s.M : s.K;
  const int64_t ldb = s.transB ? s.K : s.N;
  for (int64_t i = 0; i < s.batch; i++) {
    float* out = c + i * s.M * s.N;
    float beta = 0.f;
    if (bias != nullptr) {
      // The bias (one value per column) goes in first and the product is added to it.
      for (int64_t r = 0; r < s.M; r++)
        for (int64_t col = 0; col < s.N; col++) out[r * s.N + col] = bias[col];
      beta = 1.f;
    }
    cblas_sgemm(CblasRowMajor, s.transA ? CblasTrans : CblasNoTrans, s.transB ? CblasTrans : CblasNoTrans, s.M,
                s.N, s.K, 1.f, a + i * strideA, lda, b + i * strideB, ldb, beta, out, s.N);
  }
  applyActivation(c, s.batch * s.M * s.N, act, alpha);
}

}  // namespace dojo
