// The addon's operations, one family per file; addon.cc binds them to JS.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dojo {

// Post-activation of a fused kernel, the codes native-kernels/ passes (tanh and hard sigmoid:
// recurrent cells only).
enum Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kLeakyRelu = 3, kElu = 4, kSigmoid = 5, kTanh = 6, kHardSigmoid = 7 };

// NHWC convolution geometry, in the order native-kernels/convolution.ts sends it:
// N,H,W,C, F, kh,kw, oh,ow, sh,sw, dh,dw, pad top,left,bottom,right.
struct ConvGeometry {
  int64_t N, H, W, C, F, kh, kw, oh, ow, sh, sw, dh, dw, pt, pl, pb, pr;
  static ConvGeometry from(const std::vector<int64_t>& d);
};

void convForward(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                 Activation act, float alpha);
void convBackwardData(const ConvGeometry& g, const float* dy, const float* w, float* dx);
void convBackwardWeights(const ConvGeometry& g, const float* x, const float* dy, float* dw);
// The oneDNN implementation chosen for a geometry ("jit:avx512_core", ...), for tests and logs.
std::string convImplementations(const ConvGeometry& g);

// Row-major batched C = op(A)·op(B) (+ bias over columns, then act). A batch count of 1 broadcasts.
struct GemmShape {
  int64_t batch, batchA, batchB, M, N, K;
  bool transA, transB;
};
void gemm(const GemmShape& s, const float* a, const float* b, const float* bias, float* c, Activation act,
          float alpha);

// NHWC max pooling: N,H,W,C, kh,kw, oh,ow, sh,sw, pad top,left,bottom,right.
struct PoolGeometry {
  int64_t N, H, W, C, kh, kw, oh, ow, sh, sw, pt, pl, pb, pr;
  static PoolGeometry from(const std::vector<int64_t>& d);
};
void maxPoolForward(const PoolGeometry& g, const float* x, float* y);
// dx from dy, routing each gradient to its window's first maximum (recomputed from x).
void maxPoolBackward(const PoolGeometry& g, const float* x, const float* dy, float* dx);

// Column sums of a row-major [rows, cols] matrix (bias gradients).
void sumRows(const float* x, int64_t rows, int64_t cols, float* out);

// One Adam step of one variable, in place on w, m, v; the float32 constants tfjs uses.
struct AdamStep {
  float beta1, oneMinusBeta1, beta2, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2, epsilon, negLearningRate;
};
void adamUpdate(const AdamStep& s, float* w, float* m, float* v, const float* g, int64_t n);

// A recurrent layer over whole sequences: batch B, time steps T, inputs I, units U, batch-major.
struct RnnShape {
  int64_t B, T, I, U;
  Activation activation, recurrentActivation;
};
// LSTM (Keras/tfjs-layers layout: W [I,4U], U [U,4U], gates i,f,c,o), zero initial state.
// Writes the gates after their activations [B,T,4U], the cell states c and outputs h [B,T,U].
void lstmForward(const RnnShape& s, const float* x, const float* w, const float* u, const float* bias, float* gates,
                 float* c, float* h);
// From the forward's gates, c, h and dh ([B,T,U], or [B,U] for the last step only when
// lastOnly): dx [B,T,I], dw, du, and db unless null.
void lstmBackward(const RnnShape& s, const float* x, const float* w, const float* u, const float* gates,
                  const float* c, const float* h, const float* dh, bool lastOnly, float* dx, float* dw, float* du,
                  float* db);
// GRU as tfjs-layers runs it (reset before the product; W [I,3U], U [U,3U], gates z,r,h̃).
void gruForward(const RnnShape& s, const float* x, const float* w, const float* u, const float* bias, float* gates,
                float* h);
void gruBackward(const RnnShape& s, const float* x, const float* w, const float* u, const float* gates,
                 const float* h, const float* dh, bool lastOnly, float* dx, float* dw, float* du, float* db);

// Threads of oneDNN (OpenMP) and OpenBLAS in this process.
void setThreads(int n);
int threads();
std::string dnnlVersion();
std::string cpuIsa();
std::string blasConfig();

void applyActivation(float* p, int64_t n, Activation act, float alpha);

}  // namespace dojo
