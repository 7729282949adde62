// Column sums (bias gradients: a [N·H·W, C] gradient summed over its rows). Hand-written with
// double accumulators: oneDNN 2.6's f32 reduction primitive drifted 2e-4 from the cpu backend
// over the 57,600 rows of the guide CNN's first layer, and the sum is memory-bound anyway.
#include <vector>

#include "ops.h"

namespace dojo {

void sumRows(const float* x, int64_t rows, int64_t cols, float* out) {
  std::vector<double> acc(static_cast<size_t>(cols), 0.0);
  for (int64_t r = 0; r < rows; r++) {
    const float* row = x + r * cols;
    for (int64_t c = 0; c < cols; c++) acc[c] += row[c];
  }
  for (int64_t c = 0; c < cols; c++) out[c] = static_cast<float>(acc[c]);
}

}  // namespace dojo
