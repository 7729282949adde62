// NHWC convolution forward and both gradients through oneDNN. Activations stay in the caller's
// NHWC memory (oneDNN's jit kernels take NHWC directly); only the small weight tensors are
// reordered between tfjs' HWIO and the blocked layout the chosen kernel wants.
#include <cstring>
#include <unordered_map>

#include <oneapi/dnnl/dnnl.hpp>

#include "dnnl_util.h"
#include "ops.h"

namespace dojo {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

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

// The gradients' primitive descriptors, hinted by the forward one as oneDNN requires.
dnnl::convolution_backward_data::primitive_desc dataDesc(const Descs& d,
                                                         const dnnl::convolution_forward::primitive_desc& hint) {
  return {dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, d.src, d.weightsAny, d.dst,
                                                d.strides, d.dilates, d.padL, d.padR),
          cpuEngine(), hint};
}

dnnl::convolution_backward_weights::primitive_desc weightsDesc(
    const Descs& d, const dnnl::convolution_forward::primitive_desc& hint) {
  return {dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, d.src, d.weightsAny, d.dst,
                                                   d.strides, d.dilates, d.padL, d.padR),
          cpuEngine(), hint};
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

  // Sets up the reorder between tfjs' HWIO weights and the primitive's layout, if they differ.
  void prepareWeights(const memory::desc& wanted, const memory::desc& user, bool toPrimitive) {
    weights = wanted;
    reorder = weights != user;
    if (!reorder) return;
    weightsScratch = memory(weights, cpuEngine());
    memory u(user, cpuEngine(), DNNL_MEMORY_NONE);
    weightsReorder = toPrimitive ? dnnl::reorder(u, weightsScratch) : dnnl::reorder(weightsScratch, u);
  }

  // The weights argument of the primitive: tfjs' own, or reordered into the scratch.
  memory weightsIn(memory user) {
    if (!reorder) return user;
    weightsReorder.execute(cpuStream(), user, weightsScratch);
    return weightsScratch;
  }
};

PrimitiveCache<Entry> cache;

std::string key(const char* kind, const ConvGeometry& g, const std::string& extra = "") {
  return cacheKey(kind, {g.N, g.H, g.W, g.C, g.F, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl, g.pb, g.pr},
                  extra);
}

}  // namespace

ConvGeometry ConvGeometry::from(const std::vector<int64_t>& d) {
  if (d.size() != 17) throw std::invalid_argument("conv geometry needs 17 numbers");
  return ConvGeometry{d[0], d[1], d[2],  d[3],  d[4],  d[5],  d[6],  d[7], d[8],
                      d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16]};
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
  Entry& e = cache.get(key(withBias ? "fb" : "f", g, extra), [&](Entry& e) {
    dnnl::primitive_attr attr;
    if (act != kLinear) {
      dnnl::post_ops po;
      const float a = act == kLeakyRelu ? alpha : act == kElu ? 1.f : 0.f;
      const float b = act == kRelu6 ? 6.f : 0.f;
      po.append_eltwise(1.f, eltwise(act), a, b);
      attr.set_post_ops(po);
    }
    dnnl::convolution_forward::primitive_desc pd(forwardDesc(d, withBias), attr, cpuEngine());
    e.prim = dnnl::convolution_forward(pd);
    e.prepareWeights(pd.weights_desc(), d.weightsUser, true);
  });
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, userMemory(d.src, x)},
                                       {DNNL_ARG_WEIGHTS, e.weightsIn(userMemory(d.weightsUser, w))},
                                       {DNNL_ARG_DST, userMemory(d.dst, y)}};
  if (withBias) args.emplace(DNNL_ARG_BIAS, userMemory(d.bias, bias));
  e.prim.execute(cpuStream(), args);
  cpuStream().wait();
}

void convBackwardData(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  const Descs d = descs(g);
  Entry& e = cache.get(key("bd", g), [&](Entry& e) {
    auto pd = dataDesc(d, dnnl::convolution_forward::primitive_desc(forwardDesc(d, false), cpuEngine()));
    e.prim = dnnl::convolution_backward_data(pd);
    e.prepareWeights(pd.weights_desc(), d.weightsUser, true);
  });
  e.prim.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, userMemory(d.dst, dy)},
                               {DNNL_ARG_WEIGHTS, e.weightsIn(userMemory(d.weightsUser, w))},
                               {DNNL_ARG_DIFF_SRC, userMemory(d.src, dx)}});
  cpuStream().wait();
}

void convBackwardWeights(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  const Descs d = descs(g);
  Entry& e = cache.get(key("bw", g), [&](Entry& e) {
    auto pd = weightsDesc(d, dnnl::convolution_forward::primitive_desc(forwardDesc(d, false), cpuEngine()));
    e.prim = dnnl::convolution_backward_weights(pd);
    e.prepareWeights(pd.diff_weights_desc(), d.weightsUser, false);
  });
  memory dwm = userMemory(d.weightsUser, dw);
  e.prim.execute(cpuStream(), {{DNNL_ARG_SRC, userMemory(d.src, x)},
                               {DNNL_ARG_DIFF_DST, userMemory(d.dst, dy)},
                               {DNNL_ARG_DIFF_WEIGHTS, e.reorder ? e.weightsScratch : dwm}});
  if (e.reorder) e.weightsReorder.execute(cpuStream(), e.weightsScratch, dwm);
  cpuStream().wait();
}

std::string convImplementations(const ConvGeometry& g) {
  const Descs d = descs(g);
  dnnl::convolution_forward::primitive_desc f(forwardDesc(d, true), cpuEngine());
  return std::string("forward ") + f.impl_info_str() + ", data " + dataDesc(d, f).impl_info_str() + ", weights " +
         weightsDesc(d, f).impl_info_str();
}

}  // namespace dojo
