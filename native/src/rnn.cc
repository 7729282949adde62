// A whole LSTM or GRU sequence, forward and backward, in one call each: the input products of every
// time step as one GEMM, one small GEMM per step for the recurrence, the gates in one loop, and
// the weight gradients as whole-sequence GEMMs after the backward sweep (what oneDNN's RNN
// primitive does inside). Hand-written on OpenBLAS rather than on oneDNN 2.6's lstm_forward:
// oneDNN fixes the gates' activation to the logistic sigmoid, while tfjs-layers' LSTM uses
// hard sigmoid unless told otherwise, and Keras' weights ([input, 4·units], gates i,f,c,o)
// are used as they are here, with no reorder.
//
// Layouts are tfjs' own, batch-major: x [B,T,I], gates/c/h [B,T,·]; row b of time step t is at
// (b·T + t)·width, so a step's rows are a strided matrix (leading dimension T·width) that
// cblas_sgemm reads in place.
#include <cblas.h>

#include <cmath>
#include <vector>

#include "ops.h"

namespace dojo {

namespace {

// f(x) of the activations tfjs-layers' recurrent cells use, computed as tfjs computes them.
inline float activate(Activation a, float x) {
  switch (a) {
    case kRelu: return x > 0.f ? x : 0.f;
    case kSigmoid: return 1.f / (1.f + std::exp(-x));
    case kTanh: return std::tanh(x);
    case kHardSigmoid: {
      const float y = 0.2f * x + 0.5f;
      return y < 0.f ? 0.f : y > 1.f ? 1.f : y;
    }
    default: return x;
  }
}

// f'(x) from f(x) = y alone (the gates keep only y). For hard sigmoid, tfjs' gradient is 0.2 on
// the closed interval y ∈ [0, 1] of the unclipped value; from the clipped y the ends are
// ambiguous and taken as outside (a difference only where 0.2·x + 0.5 is exactly 0 or 1).
inline float slopeFromOutput(Activation a, float y) {
  switch (a) {
    case kRelu: return y > 0.f ? 1.f : 0.f;
    case kSigmoid: return y * (1.f - y);
    case kTanh: return 1.f - y * y;
    case kHardSigmoid: return y > 0.f && y < 1.f ? 0.2f : 0.f;
    default: return 1.f;
  }
}

// f'(x) knowing x too (the cell state keeps its input c), exact at hard sigmoid's ends.
inline float slope(Activation a, float x, float y) {
  if (a == kHardSigmoid) {
    const float u = 0.2f * x + 0.5f;
    return u >= 0.f && u <= 1.f ? 0.2f : 0.f;
  }
  if (a == kRelu) return x > 0.f ? 1.f : 0.f;
  return slopeFromOutput(a, y);
}

// Working memory kept between calls (a backward sweep's dz is tens of MB for long sequences).
float* scratch(int slot, size_t n) {
  static std::vector<float> bufs[2];
  if (bufs[slot].size() < n) bufs[slot].resize(n);
  return bufs[slot].data();
}

void sgemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m <= 0 || n <= 0) return;
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda,
              b, ldb, beta, c, ldc);
}

// out[:, 0:n] = Σ over every sequence b and step t ≥ 1 of h[b,t-1]ᵀ·d[b,t, 0:n] (the recurrent
// weights' gradient; out has rows of ld floats). Row r = b·T + t of h pairs with row r+1 of d,
// so one product over rows 0 … B·T-2 of h against rows 1 … B·T-1 of d gives every pair plus
// B-1 that cross from one sequence into the next (h[b,T-1] with d[b+1,0]); a second product
// takes those out.
void shiftedProduct(int64_t B, int64_t T, int64_t U, int64_t n, int64_t ld, const float* h, const float* d,
                    float* out) {
  for (int64_t r = 0; r < U; r++)
    for (int64_t j = 0; j < n; j++) out[r * ld + j] = 0.f;
  if (T < 2) return;  // no step has a previous state
  sgemm(true, false, U, n, B * T - 1, 1.f, h, U, d + ld, ld, 0.f, out, ld);
  if (B > 1) sgemm(true, false, U, n, B - 1, -1.f, h + (T - 1) * U, T * U, d + T * ld, T * ld, 1.f, out, ld);
}

void inputGradients(const RnnShape& s, int64_t G, const float* x, const float* w, const float* dz, float* dx,
                    float* dw, float* db) {
  // Whole-sequence products: dW = xᵀ·dz, dx = dz·Wᵀ, db = column sums of dz.
  const int64_t rows = s.B * s.T;
  sgemm(true, false, s.I, G, rows, 1.f, x, s.I, dz, G, 0.f, dw, G);
  sgemm(false, true, rows, s.I, G, 1.f, dz, G, w, G, 0.f, dx, s.I);
  if (db != nullptr) sumRows(dz, rows, G, db);
}

// gates = bias + x·W for every step at once (B·T rows of width G).
void inputProducts(const RnnShape& s, int64_t G, const float* x, const float* w, const float* bias, float* gates) {
  const int64_t rows = s.B * s.T;
  if (bias != nullptr)
    for (int64_t r = 0; r < rows; r++)
      for (int64_t j = 0; j < G; j++) gates[r * G + j] = bias[j];
  sgemm(false, false, rows, G, s.I, 1.f, x, s.I, w, G, bias != nullptr ? 1.f : 0.f, gates, G);
}

}  // namespace

void lstmForward(const RnnShape& s, const float* x, const float* w, const float* u, const float* bias, float* gates,
                 float* c, float* h) {
  const int64_t B = s.B, T = s.T, U = s.U, G = 4 * U;
  inputProducts(s, G, x, w, bias, gates);
  for (int64_t t = 0; t < T; t++) {
    float* zt = gates + t * G;
    if (t > 0) sgemm(false, false, B, G, U, 1.f, h + (t - 1) * U, T * U, u, G, 1.f, zt, T * G);
#pragma omp parallel for schedule(static) if (B * U >= (1 << 14))
    for (int64_t b = 0; b < B; b++) {
      float* z = zt + b * T * G;
      const float* cPrev = t > 0 ? c + (b * T + t - 1) * U : nullptr;
      float* cNow = c + (b * T + t) * U;
      float* hNow = h + (b * T + t) * U;
      for (int64_t j = 0; j < U; j++) {
        const float i = activate(s.recurrentActivation, z[j]);
        const float f = activate(s.recurrentActivation, z[U + j]);
        const float g = activate(s.activation, z[2 * U + j]);
        const float o = activate(s.recurrentActivation, z[3 * U + j]);
        z[j] = i;
        z[U + j] = f;
        z[2 * U + j] = g;
        z[3 * U + j] = o;
        const float cell = (cPrev != nullptr ? f * cPrev[j] : 0.f) + i * g;
        cNow[j] = cell;
        hNow[j] = o * activate(s.activation, cell);
      }
    }
  }
}

void lstmBackward(const RnnShape& s, const float* x, const float* w, const float* u, const float* gates,
                  const float* c, const float* h, const float* dh, bool lastOnly, float* dx, float* dw, float* du,
                  float* db) {
  const int64_t B = s.B, T = s.T, U = s.U, G = 4 * U;
  float* dz = scratch(0, static_cast<size_t>(B * T * G + 2 * B * U));
  float* dhNext = dz + B * T * G;  // dh reaching step t from step t+1: dz[t+1]·Uᵀ
  float* dcNext = dhNext + B * U;  // dc reaching step t from step t+1
  for (int64_t k = 0; k < 2 * B * U; k++) dhNext[k] = 0.f;
  for (int64_t t = T - 1; t >= 0; t--) {
    if (t < T - 1) sgemm(false, true, B, U, G, 1.f, dz + (t + 1) * G, T * G, u, G, 0.f, dhNext, U);
#pragma omp parallel for schedule(static) if (B * U >= (1 << 14))
    for (int64_t b = 0; b < B; b++) {
      const float* a = gates + (b * T + t) * G;
      float* d = dz + (b * T + t) * G;
      const float* cNow = c + (b * T + t) * U;
      const float* cPrev = t > 0 ? c + (b * T + t - 1) * U : nullptr;
      const float* dhIn = lastOnly ? (t == T - 1 ? dh + b * U : nullptr) : dh + (b * T + t) * U;
      for (int64_t j = 0; j < U; j++) {
        const float i = a[j], f = a[U + j], g = a[2 * U + j], o = a[3 * U + j];
        const float dhj = (dhIn != nullptr ? dhIn[j] : 0.f) + dhNext[b * U + j];
        const float tc = activate(s.activation, cNow[j]);
        const float dc = dcNext[b * U + j] + dhj * o * slope(s.activation, cNow[j], tc);
        d[j] = dc * g * slopeFromOutput(s.recurrentActivation, i);
        d[U + j] = (cPrev != nullptr ? dc * cPrev[j] : 0.f) * slopeFromOutput(s.recurrentActivation, f);
        d[2 * U + j] = dc * i * slopeFromOutput(s.activation, g);
        d[3 * U + j] = dhj * tc * slopeFromOutput(s.recurrentActivation, o);
        dcNext[b * U + j] = dc * f;
      }
    }
  }
  inputGradients(s, G, x, w, dz, dx, dw, db);
  shiftedProduct(B, T, U, G, G, h, dz, du);
}


// tfjs-layers' GRU (reset gate before the recurrent product, as Keras' reset_after=false):
// gates z, r, h̃ in that order in W [I,3U], U [U,3U] and the bias.
void gruForward(const RnnShape& s, const float* x, const float* w, const float* u, const float* bias, float* gates,
                float* h) {
  const int64_t B = s.B, T = s.T, U = s.U, G = 3 * U;
  float* rh = scratch(1, static_cast<size_t>(B * U));  // r ⊙ h[t-1] of the current step
  inputProducts(s, G, x, w, bias, gates);
  for (int64_t t = 0; t < T; t++) {
    float* zt = gates + t * G;
    if (t > 0) sgemm(false, false, B, 2 * U, U, 1.f, h + (t - 1) * U, T * U, u, G, 1.f, zt, T * G);
#pragma omp parallel for schedule(static) if (B * U >= (1 << 14))
    for (int64_t b = 0; b < B; b++) {
      float* a = zt + b * T * G;
      const float* hPrev = t > 0 ? h + (b * T + t - 1) * U : nullptr;
      for (int64_t j = 0; j < U; j++) {
        a[j] = activate(s.recurrentActivation, a[j]);
        a[U + j] = activate(s.recurrentActivation, a[U + j]);
        rh[b * U + j] = hPrev != nullptr ? a[U + j] * hPrev[j] : 0.f;
      }
    }
    if (t > 0) sgemm(false, false, B, U, U, 1.f, rh, U, u + 2 * U, G, 1.f, zt + 2 * U, T * G);
#pragma omp parallel for schedule(static) if (B * U >= (1 << 14))
    for (int64_t b = 0; b < B; b++) {
      float* a = zt + b * T * G;
      const float* hPrev = t > 0 ? h + (b * T + t - 1) * U : nullptr;
      float* hNow = h + (b * T + t) * U;
      for (int64_t j = 0; j < U; j++) {
        const float z = a[j];
        const float hh = activate(s.activation, a[2 * U + j]);
        a[2 * U + j] = hh;
        hNow[j] = (hPrev != nullptr ? z * hPrev[j] : 0.f) + (1.f - z) * hh;
      }
    }
  }
}

void gruBackward(const RnnShape& s, const float* x, const float* w, const float* u, const float* gates,
                 const float* h, const float* dh, bool lastOnly, float* dx, float* dw, float* du, float* db) {
  const int64_t B = s.B, T = s.T, U = s.U, G = 3 * U;
  float* dz = scratch(0, static_cast<size_t>(B * T * G + B * T * U + 2 * B * U));
  float* rh = dz + B * T * G;     // r ⊙ h[t-1] of every step, for the h̃ weights' gradient
  float* dhNext = rh + B * T * U;  // dh reaching step t from step t+1
  float* drh = dhNext + B * U;     // d(r ⊙ h[t-1]) of the current step
  for (int64_t k = 0; k < B * U; k++) dhNext[k] = 0.f;
  for (int64_t t = T - 1; t >= 0; t--) {
#pragma omp parallel for schedule(static) if (B * U >= (1 << 14))
    for (int64_t b = 0; b < B; b++) {
      const float* a = gates + (b * T + t) * G;
      float* d = dz + (b * T + t) * G;
      const float* hPrev = t > 0 ? h + (b * T + t - 1) * U : nullptr;
      const float* dhIn = lastOnly ? (t == T - 1 ? dh + b * U : nullptr) : dh + (b * T + t) * U;
      for (int64_t j = 0; j < U; j++) {
        const float z = a[j], r = a[U + j], hh = a[2 * U + j];
        const float hp = hPrev != nullptr ? hPrev[j] : 0.f;
        const float dhj = (dhIn != nullptr ? dhIn[j] : 0.f) + dhNext[b * U + j];
        d[j] = dhj * (hp - hh) * slopeFromOutput(s.recurrentActivation, z);
        d[2 * U + j] = dhj * (1.f - z) * slopeFromOutput(s.activation, hh);
        rh[(b * T + t) * U + j] = r * hp;
        dhNext[b * U + j] = dhj * z;
      }
    }
    sgemm(false, true, B, U, U, 1.f, dz + t * G + 2 * U, T * G, u + 2 * U, G, 0.f, drh, U);
#pragma omp parallel for schedule(static) if (B * U >= (1 << 14))
    for (int64_t b = 0; b < B; b++) {
      const float* a = gates + (b * T + t) * G;
      float* d = dz + (b * T + t) * G;
      const float* hPrev = t > 0 ? h + (b * T + t - 1) * U : nullptr;
      for (int64_t j = 0; j < U; j++) {
        const float r = a[U + j];
        d[U + j] = drh[b * U + j] * (hPrev != nullptr ? hPrev[j] : 0.f) * slopeFromOutput(s.recurrentActivation, r);
        dhNext[b * U + j] += drh[b * U + j] * r;
      }
    }
    sgemm(false, true, B, U, 2 * U, 1.f, dz + t * G, T * G, u, G, 1.f, dhNext, U);
  }
  inputGradients(s, G, x, w, dz, dx, dw, db);
  shiftedProduct(B, T, U, 2 * U, G, h, dz, du);
  sgemm(true, false, U, U, B * T, 1.f, rh, U, dz + 2 * U, G, 0.f, du + 2 * U, G);
}

}  // namespace dojo
