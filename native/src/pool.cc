// NHWC max pooling and its gradient through oneDNN. The gradient needs the forward pass's
// workspace (where each maximum was); tfjs does not keep one, so it recomputes the forward.
#include <string>
#include <vector>

#include "dnnl_util.h"
#include "ops.h"

namespace dojo {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

struct Pool {
  memory::desc src, dst;
  dnnl::pooling_forward::primitive_desc fwd;
  dnnl::pooling_forward forward;
  dnnl::pooling_backward backward;  // built on first use
  bool hasBackward = false;
  memory workspace, scratchDst;
};

PrimitiveCache<Pool> cache;

Pool& pool(const PoolGeometry& g) {
  const std::string key =
      cacheKey("pool", {g.N, g.H, g.W, g.C, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.pt, g.pl, g.pb, g.pr});
  return cache.get(key, [&](Pool& p) {
    p.src = memory::desc({g.N, g.C, g.H, g.W}, dt::f32, tag::nhwc);
    p.dst = memory::desc({g.N, g.C, g.oh, g.ow}, dt::f32, tag::nhwc);
    dnnl::pooling_forward::desc d(dnnl::prop_kind::forward_training, dnnl::algorithm::pooling_max, p.src, p.dst,
                                  {g.sh, g.sw}, {g.kh, g.kw}, {g.pt, g.pl}, {g.pb, g.pr});
    p.fwd = dnnl::pooling_forward::primitive_desc(d, cpuEngine());
    p.forward = dnnl::pooling_forward(p.fwd);
    p.workspace = memory(p.fwd.workspace_desc(), cpuEngine());
  });
}

}  // namespace

PoolGeometry PoolGeometry::from(const std::vector<int64_t>& d) {
  if (d.size() != 14) throw std::invalid_argument("pool geometry needs 14 numbers");
  return PoolGeometry{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13]};
}

void maxPoolForward(const PoolGeometry& g, const float* x, float* y) {
  Pool& p = pool(g);
  p.forward.execute(cpuStream(), {{DNNL_ARG_SRC, userMemory(p.src, x)},
                                  {DNNL_ARG_DST, userMemory(p.dst, y)},
                                  {DNNL_ARG_WORKSPACE, p.workspace}});
  cpuStream().wait();
}

void maxPoolBackward(const PoolGeometry& g, const float* x, const float* dy, float* dx) {
  Pool& p = pool(g);
  if (!p.hasBackward) {
    dnnl::pooling_backward::desc d(dnnl::algorithm::pooling_max, p.src, p.dst, {g.sh, g.sw}, {g.kh, g.kw},
                                   {g.pt, g.pl}, {g.pb, g.pr});
    p.backward = dnnl::pooling_backward(dnnl::pooling_backward::primitive_desc(d, cpuEngine(), p.fwd));
    p.scratchDst = memory(p.dst, cpuEngine());
    p.hasBackward = true;
  }
  p.forward.execute(cpuStream(), {{DNNL_ARG_SRC, userMemory(p.src, x)},
                                  {DNNL_ARG_DST, p.scratchDst},
                                  {DNNL_ARG_WORKSPACE, p.workspace}});
  p.backward.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, userMemory(p.dst, dy)},
                                   {DNNL_ARG_DIFF_SRC, userMemory(p.src, dx)},
                                   {DNNL_ARG_WORKSPACE, p.workspace}});
  cpuStream().wait();
}

}  // namespace dojo
