// NHWC max pooling and its gradient through oneDNN. The gradient needs the forward pass's
// workspace (where each maximum was); tfjs does not keep one, so it recomputes the forward.
#include <memory>
#include <string>
#include <unordered_map>
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

std::unordered_map<std::string, std::unique_ptr<Pool>> cache;

Pool& pool(const PoolGeometry& g) {
  std::string key = "t" + std::to_string(threads());
  for (int64_t v : {g.N, g.H, g.W, g.C, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.pt, g.pl, g.pb, g.pr})
    key += "," + std::to_string(v);
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  auto p = std::make_unique<Pool>();
  p->src = memory::desc({g.N, g.C, g.H, g.W}, dt::f32, tag::nhwc);
  p->dst = memory::desc({g.N, g.C, g.oh, g.ow}, dt::f32, tag::nhwc);
  dnnl::pooling_forward::desc d(dnnl::prop_kind::forward_training, dnnl::algorithm::pooling_max, p->src, p->dst,
                                {g.sh, g.sw}, {g.kh, g.kw}, {g.pt, g.pl}, {g.pb, g.pr});
  p->fwd = dnnl::pooling_forward::primitive_desc(d, cpuEngine());
  p->forward = dnnl::pooling_forward(p->fwd);
  p->workspace = memory(p->fwd.workspace_desc(), cpuEngine());
  return *(cache[key] = std::move(p));
}

}  // namespace

PoolGeometry PoolGeometry::from(const std::vector<int64_t>& d) {
  if (d.size() != 14) throw std::invalid_argument("pool geometry needs 14 numbers");
  return PoolGeometry{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13]};
}

void maxPoolForward(const PoolGeometry& g, const float* x, float* y) {
  Pool& p = pool(g);
  p.forward.execute(cpuStream(), {{DNNL_ARG_SRC, memory(p.src, cpuEngine(), const_cast<float*>(x))},
                                  {DNNL_ARG_DST, memory(p.dst, cpuEngine(), y)},
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
  p.forward.execute(cpuStream(), {{DNNL_ARG_SRC, memory(p.src, cpuEngine(), const_cast<float*>(x))},
                                  {DNNL_ARG_DST, p.scratchDst},
                                  {DNNL_ARG_WORKSPACE, p.workspace}});
  p.backward.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, memory(p.dst, cpuEngine(), const_cast<float*>(dy))},
                                   {DNNL_ARG_DIFF_SRC, memory(p.src, cpuEngine(), dx)},
                                   {DNNL_ARG_WORKSPACE, p.workspace}});
  cpuStream().wait();
}

}  // namespace dojo
