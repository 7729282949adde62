// Node-API bindings of the training kernels. Every tensor argument is a Float32Array view of the
// tfjs wasm backend's heap, taken by the caller just before the call, so nothing is copied.
#include <functional>
#include <string>

#include "napi_util.h"
#include "ops.h"

namespace dojo {
namespace {

using Body = std::function<napi_value(Args&)>;

// Runs a binding body, turning any C++ exception (oneDNN's included) into a JS Error.
napi_value guarded(napi_env env, napi_callback_info info, size_t argc, const Body& body) {
  try {
    Args a(env, info, argc);
    return body(a);
  } catch (const std::exception& e) {
    napi_throw_error(env, "ERR_DOJO_NATIVE", e.what());
    return nullptr;
  }
}

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

napi_value str(napi_env env, const std::string& s) {
  napi_value v;
  check(napi_create_string_utf8(env, s.c_str(), s.size(), &v), "string");
  return v;
}

size_t product(std::initializer_list<int64_t> dims) {
  size_t p = 1;
  for (int64_t d : dims) p *= static_cast<size_t>(d);
  return p;
}

// conv2dForward(x, w, bias|null, y, geometry: Int32Array(17), activation, alpha)
napi_value ConvForward(napi_env env, napi_callback_info info) {
  return guarded(env, info, 7, [](Args& a) {
    auto g = ConvGeometry::from(a.ints(4));
    convForward(g, a.f32(0, product({g.N, g.H, g.W, g.C})), a.f32(1, product({g.kh, g.kw, g.C, g.F})),
                a.f32(2, g.F), a.f32(3, product({g.N, g.oh, g.ow, g.F})), static_cast<Activation>(a.num(5)),
                static_cast<float>(a.num(6)));
    return undefined(a.env);
  });
}

// conv2dBackwardData(dy, w, dx, geometry)
napi_value ConvBackwardData(napi_env env, napi_callback_info info) {
  return guarded(env, info, 4, [](Args& a) {
    auto g = ConvGeometry::from(a.ints(3));
    convBackwardData(g, a.f32(0, product({g.N, g.oh, g.ow, g.F})), a.f32(1, product({g.kh, g.kw, g.C, g.F})),
                     a.f32(2, product({g.N, g.H, g.W, g.C})));
    return undefined(a.env);
  });
}

// conv2dBackwardWeights(x, dy, dw, geometry)
napi_value ConvBackwardWeights(napi_env env, napi_callback_info info) {
  return guarded(env, info, 4, [](Args& a) {
    auto g = ConvGeometry::from(a.ints(3));
    convBackwardWeights(g, a.f32(0, product({g.N, g.H, g.W, g.C})), a.f32(1, product({g.N, g.oh, g.ow, g.F})),
                        a.f32(2, product({g.kh, g.kw, g.C, g.F})));
    return undefined(a.env);
  });
}

// convImplementations(geometry) → "forward jit:avx512_core, data …, weights …"
napi_value ConvImplementations(napi_env env, napi_callback_info info) {
  return guarded(env, info, 1, [](Args& a) { return str(a.env, convImplementations(ConvGeometry::from(a.ints(0)))); });
}

// matMul(a, b, bias|null, c, shape: Int32Array [batch,batchA,batchB,M,N,K,transA,transB], activation, alpha)
napi_value MatMul(napi_env env, napi_callback_info info) {
  return guarded(env, info, 7, [](Args& a) {
    auto d = a.ints(4);
    if (d.size() != 8) throw JsError("matMul shape needs 8 numbers");
    GemmShape s{d[0], d[1], d[2], d[3], d[4], d[5], d[6] != 0, d[7] != 0};
    gemm(s, a.f32(0, product({s.batchA, s.M, s.K})), a.f32(1, product({s.batchB, s.K, s.N})), a.f32(2, s.N),
         a.f32(3, product({s.batch, s.M, s.N})), static_cast<Activation>(a.num(5)), static_cast<float>(a.num(6)));
    return undefined(a.env);
  });
}

// maxPool(x, y, geometry: Int32Array(14))
napi_value MaxPool(napi_env env, napi_callback_info info) {
  return guarded(env, info, 3, [](Args& a) {
    auto g = PoolGeometry::from(a.ints(2));
    maxPoolForward(g, a.f32(0, product({g.N, g.H, g.W, g.C})), a.f32(1, product({g.N, g.oh, g.ow, g.C})));
    return undefined(a.env);
  });
}

// maxPoolGrad(x, dy, dx, geometry)
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  return guarded(env, info, 4, [](Args& a) {
    auto g = PoolGeometry::from(a.ints(3));
    maxPoolBackward(g, a.f32(0, product({g.N, g.H, g.W, g.C})), a.f32(1, product({g.N, g.oh, g.ow, g.C})),
                    a.f32(2, product({g.N, g.H, g.W, g.C})));
    return undefined(a.env);
  });
}

// sumRows(x, out, rows, cols)
napi_value SumRows(napi_env env, napi_callback_info info) {
  return guarded(env, info, 4, [](Args& a) {
    const auto rows = static_cast<int64_t>(a.num(2));
    const auto cols = static_cast<int64_t>(a.num(3));
    sumRows(a.f32(0, product({rows, cols})), rows, cols, a.f32(1, cols));
    return undefined(a.env);
  });
}

// adamUpdate(w, m, v, g, constants: Float32Array [beta1, 1-beta1, beta2, 1-beta2, 1-accBeta1,
// 1-accBeta2, epsilon, -learningRate]): w, m and v updated in place.
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  return guarded(env, info, 5, [](Args& a) {
    const float* k = a.f32(4, 8);
    const AdamStep s{k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]};
    const size_t n = a.length(3);
    adamUpdate(s, a.f32(0, n), a.f32(1, n), a.f32(2, n), a.f32(3, n), static_cast<int64_t>(n));
    return undefined(a.env);
  });
}

// [B, T, I, U, activation, recurrentActivation, lastOnly] of the recurrent bindings.
RnnShape rnnShape(const std::vector<int64_t>& d, bool* lastOnly) {
  if (d.size() != 7) throw JsError("recurrent shape needs 7 numbers");
  if (lastOnly != nullptr) *lastOnly = d[6] != 0;
  return RnnShape{d[0], d[1], d[2], d[3], static_cast<Activation>(d[4]), static_cast<Activation>(d[5])};
}

// lstmForward(x, w, u, bias|null, gates, c, h, shape)
napi_value LstmForward(napi_env env, napi_callback_info info) {
  return guarded(env, info, 8, [](Args& a) {
    const RnnShape s = rnnShape(a.ints(7), nullptr);
    const size_t seq = product({s.B, s.T, s.U});
    lstmForward(s, a.f32(0, product({s.B, s.T, s.I})), a.f32(1, product({s.I, 4 * s.U})),
                a.f32(2, product({s.U, 4 * s.U})), a.f32(3, 4 * s.U), a.f32(4, 4 * seq), a.f32(5, seq), a.f32(6, seq));
    return undefined(a.env);
  });
}

// lstmBackward(x, w, u, gates, c, h, dh, dx, dw, du, db|null, shape)
napi_value LstmBackward(napi_env env, napi_callback_info info) {
  return guarded(env, info, 12, [](Args& a) {
    bool lastOnly;
    const RnnShape s = rnnShape(a.ints(11), &lastOnly);
    const size_t seq = product({s.B, s.T, s.U});
    lstmBackward(s, a.f32(0, product({s.B, s.T, s.I})), a.f32(1, product({s.I, 4 * s.U})),
                 a.f32(2, product({s.U, 4 * s.U})), a.f32(3, 4 * seq), a.f32(4, seq), a.f32(5, seq),
                 a.f32(6, lastOnly ? product({s.B, s.U}) : seq), lastOnly, a.f32(7, product({s.B, s.T, s.I})),
                 a.f32(8, product({s.I, 4 * s.U})), a.f32(9, product({s.U, 4 * s.U})), a.f32(10, 4 * s.U));
    return undefined(a.env);
  });
}

// gruForward(x, w, u, bias|null, gates, h, shape)
napi_value GruForward(napi_env env, napi_callback_info info) {
  return guarded(env, info, 7, [](Args& a) {
    const RnnShape s = rnnShape(a.ints(6), nullptr);
    const size_t seq = product({s.B, s.T, s.U});
    gruForward(s, a.f32(0, product({s.B, s.T, s.I})), a.f32(1, product({s.I, 3 * s.U})),
               a.f32(2, product({s.U, 3 * s.U})), a.f32(3, 3 * s.U), a.f32(4, 3 * seq), a.f32(5, seq));
    return undefined(a.env);
  });
}

// gruBackward(x, w, u, gates, h, dh, dx, dw, du, db|null, shape)
napi_value GruBackward(napi_env env, napi_callback_info info) {
  return guarded(env, info, 11, [](Args& a) {
    bool lastOnly;
    const RnnShape s = rnnShape(a.ints(10), &lastOnly);
    const size_t seq = product({s.B, s.T, s.U});
    gruBackward(s, a.f32(0, product({s.B, s.T, s.I})), a.f32(1, product({s.I, 3 * s.U})),
                a.f32(2, product({s.U, 3 * s.U})), a.f32(3, 3 * seq), a.f32(4, seq),
                a.f32(5, lastOnly ? product({s.B, s.U}) : seq), lastOnly, a.f32(6, product({s.B, s.T, s.I})),
                a.f32(7, product({s.I, 3 * s.U})), a.f32(8, product({s.U, 3 * s.U})), a.f32(9, 3 * s.U));
    return undefined(a.env);
  });
}

// setThreads(n)
napi_value SetThreads(napi_env env, napi_callback_info info) {
  return guarded(env, info, 1, [](Args& a) {
    setThreads(static_cast<int>(a.num(0)));
    return undefined(a.env);
  });
}

// info() → { dnnl, isa, blas, threads }
napi_value Info(napi_env env, napi_callback_info info) {
  return guarded(env, info, 0, [](Args& a) {
    napi_value o, n;
    check(napi_create_object(a.env, &o), "object");
    check(napi_set_named_property(a.env, o, "dnnl", str(a.env, dnnlVersion())), "prop");
    check(napi_set_named_property(a.env, o, "isa", str(a.env, cpuIsa())), "prop");
    check(napi_set_named_property(a.env, o, "blas", str(a.env, blasConfig())), "prop");
    check(napi_create_int32(a.env, threads(), &n), "int");
    check(napi_set_named_property(a.env, o, "threads", n), "prop");
    return o;
  });
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"conv2dForward", nullptr, ConvForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackwardData", nullptr, ConvBackwardData, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dBackwardWeights", nullptr, ConvBackwardWeights, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"convImplementations", nullptr, ConvImplementations, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"matMul", nullptr, MatMul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool", nullptr, MaxPool, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPoolGrad", nullptr, MaxPoolGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumRows", nullptr, SumRows, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamUpdate", nullptr, AdamUpdate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmForward", nullptr, LstmForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmBackward", nullptr, LstmBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gruForward", nullptr, GruForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gruBackward", nullptr, GruBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace
}  // namespace dojo

NAPI_MODULE(NODE_GYP_MODULE_NAME, dojo::Init)
