// NHWC convolution forward and both gradients through oneDNN. Activations stay in the caller's
// NHWC memory (oneDNN's jit kernels take NHWC directly); only the small weight tensors are
// reordered between tfjs' HWIO and the blocked layout the chosen kernel wants.
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <oneapi/dnnl/dnnl.hpp>

#include "dnnl_util.h"
#include "ops.h"

namespace dojo {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

dnnl::engine& cpu() { return cpuEngine(); }
dnnl::stream& stream() { return cpuStream(); }

struct Descs {
  memory::desc src, weightsUser, weightsAny, dst, bias;
  memory::dims strides, dilates, padL, padR;
};

Descs descs(const ConvGeometry& g) {
  return Descs{
      memory::desc({g.N, g.C, g.H, g.W}, dt::f32, tag::nhwc),
      memory::desc({g.F, g.C, g.kh, g.kw}, dt::f32, tag::hwio),
      memory::desc({g.F, g.C, g.kh, g.kw}, dt::f32, tag::any),
      memory::desc({g.N, g.F, g.oh, g.ow}, dt::f32, tag::nhwc),
      memory::desc({g.F}, dt::f32, tag::x),
      {g.sh, g.sw},
      {g.dh - 1, g.dw - 1},  // oneDNN counts dilation from 0
      {g.pt, g.pl},
      {g.pb, g.pr},
  };
}

dnnl::convolution_forward::desc forwardDesc(const Descs& d, bool withBias) {
  using cf = dnnl::convolution_forward;
  if (withBias)
    return cf::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, d.src, d.weightsAny,
                    d.bias, d.dst, d.strides, d.dilates, d.padL, d.padR);
  return cf::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, d.src, d.weightsAny,
                  d.dst, d.strides, d.dilates, d.padL, d.padR);
}

dnnl::algorithm eltwise(Activation act) {
  switch (act) {
    case kRelu:
    case kLeakyRelu: return dnnl::algorithm::eltwise_relu;
    case kRelu6: return dnnl::algorithm::eltwise_clip;
    case kElu: return dnnl::algorithm::eltwise_elu;
    case kSigmoid: return dnnl::algorithm::eltwise_logistic;
    default: return dnnl::algorithm::undef;
  }
}

// A primitive and the weight reorder around it, built once per geometry.
struct Entry {
  dnnl::primitive prim;
  memory::desc weights;  // the layout the primitive wants (or produces)
  bool reorder = false;
  dnnl::reorder weightsReorder;
  memory weightsScratch;
};

std::mutex cacheLock;
std::unordered_map<std::string, std::unique_ptr<Entry>> cache;

template <typename Build>
Entry& cached(const std::string& key, Build build) {
  std::lock_guard<std::mutex> lock(cacheLock);
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  auto e = std::make_unique<Entry>();
  build(*e);
  return *(cache[key] = std::move(e));
}

std::string fullKey(const char* kind, const ConvGeometry& g, const std::string& extra) {
  return std::string(kind) + g.key() + "|" + extra + "|t" + std::to_string(threads());
}

void prepareWeights(Entry& e, const memory::desc& user, bool toPrimitive) {
  e.reorder = e.weights != user;
  if (!e.reorder) return;
  e.weightsScratch = memory(e.weights, cpu());
  memory u(user, cpu(), DNNL_MEMORY_NONE);
  e.weightsReorder = toPrimitive ? dnnl::reorder(u, e.weightsScratch) : dnnl::reorder(e.weightsScratch, u);
}

}  // namespace

ConvGeometry ConvGeometry::from(const std::vector<int64_t>& d) {
  if (d.size() != 17) throw std::invalid_argument("conv geometry needs 17 numbers");
  return ConvGeometry{d[0], d[1], d[2],  d[3],  d[4],  d[5],  d[6],  d[7], d[8],
                      d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16]};
}

std::string ConvGeometry::key() const {
  std::string k;
  for (int64_t v : {N, H, W, C, F, kh, kw, oh, ow, sh, sw, dh, dw, pt, pl, pb, pr}) k += std::to_string(v) + ",";
  return k;
}

void convForward(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                 Activation act, float alpha) {
  const Descs d = descs(g);
  const bool withBias = bias != nullptr;
  // The alpha of leaky ReLU is part of the primitive; key on its bits.
  uint32_t alphaBits;
  static_assert(sizeof(alphaBits) == sizeof(alpha));
  std::memcpy(&alphaBits, &alpha, sizeof alpha);
  const std::string extra = std::to_string(act) + "/" + std::to_string(alphaBits);
  Entry& e = cached(fullKey(withBias ? "fb" : "f", g, extra), [&](Entry& e) {
    dnnl::primitive_attr attr;
    if (act != kLinear) {
      dnnl::post_ops po;
      const float a = act == kLeakyRelu ? alpha : act == kElu ? 1.f : 0.f;
      const float b = act == kRelu6 ? 6.f : 0.f;
      po.append_eltwise(1.f, eltwise(act), a, b);
      attr.set_post_ops(po);
    }
    dnnl::convolution_forward::primitive_desc pd(forwardDesc(d, withBias), attr, cpu());
    e.prim = dnnl::convolution_forward(pd);
    e.weights = pd.weights_desc();
    prepareWeights(e, d.weightsUser, true);
  });
  memory xm(d.src, cpu(), const_cast<float*>(x));
  memory wm(d.weightsUser, cpu(), const_cast<float*>(w));
  memory ym(d.dst, cpu(), y);
  if (e.reorder) e.weightsReorder.execute(stream(), wm, e.weightsScratch);
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, xm}, {DNNL_ARG_WEIGHTS, e.reorder ? e.weightsScratch : wm}, {DNNL_ARG_DST, ym}};
  if (withBias) args.emplace(DNNL_ARG_BIAS, memory(d.bias, cpu(), const_cast<float*>(bias)));
  e.prim.execute(stream(), args);
  stream().wait();
}

void convBackwardData(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  const Descs d = descs(g);
  Entry& e = cached(fullKey("bd", g, ""), [&](Entry& e) {
    dnnl::convolution_forward::primitive_desc hint(forwardDesc(d, false), cpu());
    dnnl::convolution_backward_data::desc bd(dnnl::algorithm::convolution_direct, d.src, d.weightsAny, d.dst,
                                             d.strides, d.dilates, d.padL, d.padR);
    dnnl::convolution_backward_data::primitive_desc pd(bd, cpu(), hint);
    e.prim = dnnl::convolution_backward_data(pd);
    e.weights = pd.weights_desc();
    prepareWeights(e, d.weightsUser, true);
  });
  memory dym(d.dst, cpu(), const_cast<float*>(dy));
  memory wm(d.weightsUser, cpu(), const_cast<float*>(w));
  memory dxm(d.src, cpu(), dx);
  if (e.reorder) e.weightsReorder.execute(stream(), wm, e.weightsScratch);
  e.prim.execute(stream(), {{DNNL_ARG_DIFF_DST, dym},
                            {DNNL_ARG_WEIGHTS, e.reorder ? e.weightsScratch : wm},
                            {DNNL_ARG_DIFF_SRC, dxm}});
  stream().wait();
}

void convBackwardWeights(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  const Descs d = descs(g);
  Entry& e = cached(fullKey("bw", g, ""), [&](Entry& e) {
    dnnl::convolution_forward::primitive_desc hint(forwardDesc(d, false), cpu());
    dnnl::convolution_backward_weights::desc bd(dnnl::algorithm::convolution_direct, d.src, d.weightsAny, d.dst,
                                                d.strides, d.dilates, d.padL, d.padR);
    dnnl::convolution_backward_weights::primitive_desc pd(bd, cpu(), hint);
    e.prim = dnnl::convolution_backward_weights(pd);
    e.weights = pd.diff_weights_desc();
    prepareWeights(e, d.weightsUser, false);
  });
  memory xm(d.src, cpu(), const_cast<float*>(x));
  memory dym(d.dst, cpu(), const_cast<float*>(dy));
  memory dwm(d.weightsUser, cpu(), dw);
  e.prim.execute(stream(), {{DNNL_ARG_SRC, xm},
                            {DNNL_ARG_DIFF_DST, dym},
                            {DNNL_ARG_DIFF_WEIGHTS, e.reorder ? e.weightsScratch : dwm}});
  if (e.reorder) e.weightsReorder.execute(stream(), e.weightsScratch, dwm);
  stream().wait();
}

std::string convImplementations(const ConvGeometry& g) {
  const Descs d = descs(g);
  dnnl::convolution_forward::primitive_desc f(forwardDesc(d, true), cpu());
  dnnl::convolution_backward_data::primitive_desc bd(
      dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, d.src, d.weightsAny, d.dst,
                                            d.strides, d.dilates, d.padL, d.padR),
      cpu(), f);
  dnnl::convolution_backward_weights::primitive_desc bw(
      dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, d.src, d.weightsAny, d.dst,
                                               d.strides, d.dilates, d.padL, d.padR),
      cpu(), f);
  return std::string("forward ") + f.impl_info_str() + ", data " + bd.impl_info_str() + ", weights " +
         bw.impl_info_str();
}

}  // namespace dojo
