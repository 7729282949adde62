// Node-API bindings of the training kernels. Every tensor argument is a Float32Array view of the
// tfjs wasm backend's heap, taken by the caller just before the call, so nothing is copied.
// Each binding is a row of kBindings (name, argument count, body); one trampoline unpacks the
// arguments and turns C++ exceptions (oneDNN's included) into JS Errors.
#include <string>

#include "napi_util.h"
#include "ops.h"

namespace dojo {
namespace {

// A binding's body: its result, or nullptr for undefined.
using Body = napi_value (*)(Args&);
struct Binding {
  const char* name;
  size_t argc;
  Body body;
};

napi_value str(napi_env env, const std::string& s) {
  napi_value v;
  check(napi_create_string_utf8(env, s.c_str(), s.size(), &v), "string");
  return v;
}

const auto act = [](const Args& a, size_t i) { return static_cast<Activation>(a.num(i)); };

// [B, T, I, U, activation, recurrentActivation, lastOnly] of the recurrent bindings.
RnnShape rnnShape(const std::vector<int64_t>& d, bool* lastOnly = nullptr) {
  if (d.size() != 7) throw JsError("recurrent shape needs 7 numbers");
  if (lastOnly != nullptr) *lastOnly = d[6] != 0;
  return RnnShape{d[0], d[1], d[2], d[3], static_cast<Activation>(d[4]), static_cast<Activation>(d[5])};
}

const Binding kBindings[] = {
    // conv2dForward(x, w, bias|null, y, geometry: Int32Array(17), activation, alpha)
    {"conv2dForward", 7,
     [](Args& a) -> napi_value {
       auto g = ConvGeometry::from(a.ints(4));
       convForward(g, a.f32(0, {g.N, g.H, g.W, g.C}), a.f32(1, {g.kh, g.kw, g.C, g.F}), a.f32(2, {g.F}),
                   a.f32(3, {g.N, g.oh, g.ow, g.F}), act(a, 5), static_cast<float>(a.num(6)));
       return nullptr;
     }},
    // conv2dBackwardData(dy, w, dx, geometry)
    {"conv2dBackwardData", 4,
     [](Args& a) -> napi_value {
       auto g = ConvGeometry::from(a.ints(3));
       convBackwardData(g, a.f32(0, {g.N, g.oh, g.ow, g.F}), a.f32(1, {g.kh, g.kw, g.C, g.F}),
                        a.f32(2, {g.N, g.H, g.W, g.C}));
       return nullptr;
     }},
    // conv2dBackwardWeights(x, dy, dw, geometry)
    {"conv2dBackwardWeights", 4,
     [](Args& a) -> napi_value {
       auto g = ConvGeometry::from(a.ints(3));
       convBackwardWeights(g, a.f32(0, {g.N, g.H, g.W, g.C}), a.f32(1, {g.N, g.oh, g.ow, g.F}),
                           a.f32(2, {g.kh, g.kw, g.C, g.F}));
       return nullptr;
     }},
    // convImplementations(geometry) → "forward jit:avx512_core, data …, weights …"
    {"convImplementations", 1,
     [](Args& a) { return str(a.env, convImplementations(ConvGeometry::from(a.ints(0)))); }},
    // matMul(a, b, bias|null, c, shape: Int32Array [batch,batchA,batchB,M,N,K,transA,transB], activation, alpha)
    {"matMul", 7,
     [](Args& a) -> napi_value {
       auto d = a.ints(4);
       if (d.size() != 8) throw JsError("matMul shape needs 8 numbers");
       GemmShape s{d[0], d[1], d[2], d[3], d[4], d[5], d[6] != 0, d[7] != 0};
       gemm(s, a.f32(0, {s.batchA, s.M, s.K}), a.f32(1, {s.batchB, s.K, s.N}), a.f32(2, {s.N}),
            a.f32(3, {s.batch, s.M, s.N}), act(a, 5), static_cast<float>(a.num(6)));
       return nullptr;
     }},
    // maxPool(x, y, geometry: Int32Array(14))
    {"maxPool", 3,
     [](Args& a) -> napi_value {
       auto g = PoolGeometry::from(a.ints(2));
       maxPoolForward(g, a.f32(0, {g.N, g.H, g.W, g.C}), a.f32(1, {g.N, g.oh, g.ow, g.C}));
       return nullptr;
     }},
    // maxPoolGrad(x, dy, dx, geometry)
    {"maxPoolGrad", 4,
     [](Args& a) -> napi_value {
       auto g = PoolGeometry::from(a.ints(3));
       maxPoolBackward(g, a.f32(0, {g.N, g.H, g.W, g.C}), a.f32(1, {g.N, g.oh, g.ow, g.C}),
                       a.f32(2, {g.N, g.H, g.W, g.C}));
       return nullptr;
     }},
    // sumRows(x, out, rows, cols)
    {"sumRows", 4,
     [](Args& a) -> napi_value {
       const auto rows = static_cast<int64_t>(a.num(2));
       const auto cols = static_cast<int64_t>(a.num(3));
       sumRows(a.f32(0, {rows, cols}), rows, cols, a.f32(1, {cols}));
       return nullptr;
     }},
    // adamUpdate(w, m, v, g, constants: Float32Array [beta1, 1-beta1, beta2, 1-beta2, 1-accBeta1,
    // 1-accBeta2, epsilon, -learningRate]): w, m and v updated in place.
    {"adamUpdate", 5,
     [](Args& a) -> napi_value {
       const float* k = a.f32(4, 8);
       const AdamStep s{k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]};
       const size_t n = a.length(3);
       adamUpdate(s, a.f32(0, n), a.f32(1, n), a.f32(2, n), a.f32(3, n), static_cast<int64_t>(n));
       return nullptr;
     }},
    // lstmForward(x, w, u, bias|null, gates, c, h, shape)
    {"lstmForward", 8,
     [](Args& a) -> napi_value {
       const RnnShape s = rnnShape(a.ints(7));
       lstmForward(s, a.f32(0, {s.B, s.T, s.I}), a.f32(1, {s.I, 4 * s.U}), a.f32(2, {s.U, 4 * s.U}),
                   a.f32(3, {4 * s.U}), a.f32(4, {s.B, s.T, 4 * s.U}), a.f32(5, {s.B, s.T, s.U}),
                   a.f32(6, {s.B, s.T, s.U}));
       return nullptr;
     }},
    // lstmBackward(x, w, u, gates, c, h, dh, dx, dw, du, db|null, shape)
    {"lstmBackward", 12,
     [](Args& a) -> napi_value {
       bool last;
       const RnnShape s = rnnShape(a.ints(11), &last);
       lstmBackward(s, a.f32(0, {s.B, s.T, s.I}), a.f32(1, {s.I, 4 * s.U}), a.f32(2, {s.U, 4 * s.U}),
                    a.f32(3, {s.B, s.T, 4 * s.U}), a.f32(4, {s.B, s.T, s.U}), a.f32(5, {s.B, s.T, s.U}),
                    a.f32(6, {s.B, last ? 1 : s.T, s.U}), last, a.f32(7, {s.B, s.T, s.I}), a.f32(8, {s.I, 4 * s.U}),
                    a.f32(9, {s.U, 4 * s.U}), a.f32(10, {4 * s.U}));
       return nullptr;
     }},
    // gruForward(x, w, u, bias|null, gates, h, shape)
    {"gruForward", 7,
     [](Args& a) -> napi_value {
       const RnnShape s = rnnShape(a.ints(6));
       gruForward(s, a.f32(0, {s.B, s.T, s.I}), a.f32(1, {s.I, 3 * s.U}), a.f32(2, {s.U, 3 * s.U}),
                  a.f32(3, {3 * s.U}), a.f32(4, {s.B, s.T, 3 * s.U}), a.f32(5, {s.B, s.T, s.U}));
       return nullptr;
     }},
    // gruBackward(x, w, u, gates, h, dh, dx, dw, du, db|null, shape)
    {"gruBackward", 11,
     [](Args& a) -> napi_value {
       bool last;
       const RnnShape s = rnnShape(a.ints(10), &last);
       gruBackward(s, a.f32(0, {s.B, s.T, s.I}), a.f32(1, {s.I, 3 * s.U}), a.f32(2, {s.U, 3 * s.U}),
                   a.f32(3, {s.B, s.T, 3 * s.U}), a.f32(4, {s.B, s.T, s.U}), a.f32(5, {s.B, last ? 1 : s.T, s.U}),
                   last, a.f32(6, {s.B, s.T, s.I}), a.f32(7, {s.I, 3 * s.U}), a.f32(8, {s.U, 3 * s.U}),
                   a.f32(9, {3 * s.U}));
       return nullptr;
     }},
    // setThreads(n)
    {"setThreads", 1,
     [](Args& a) -> napi_value {
       setThreads(static_cast<int>(a.num(0)));
       return nullptr;
     }},
    // info() → { dnnl, isa, blas, threads }
    {"info", 0,
     [](Args& a) {
       napi_value o, n;
       check(napi_create_object(a.env, &o), "object");
       check(napi_set_named_property(a.env, o, "dnnl", str(a.env, dnnlVersion())), "prop");
       check(napi_set_named_property(a.env, o, "isa", str(a.env, cpuIsa())), "prop");
       check(napi_set_named_property(a.env, o, "blas", str(a.env, blasConfig())), "prop");
       check(napi_create_int32(a.env, threads(), &n), "int");
       check(napi_set_named_property(a.env, o, "threads", n), "prop");
       return o;
     }},
};

// Every binding's JS function: finds its row (the callback data), unpacks, runs, and turns any
// C++ exception into a JS Error.
napi_value Trampoline(napi_env env, napi_callback_info info) {
  try {
    void* data = nullptr;
    check(napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data), "cb_info");
    const Binding& b = *static_cast<const Binding*>(data);
    Args a(env, info, b.argc);
    napi_value result = b.body(a);
    if (result == nullptr) check(napi_get_undefined(env, &result), "undefined");
    return result;
  } catch (const std::exception& e) {
    napi_throw_error(env, "ERR_DOJO_NATIVE", e.what());
    return nullptr;
  }
}

napi_value Init(napi_env env, napi_value exports) {
  std::vector<napi_property_descriptor> props;
  for (const Binding& b : kBindings)
    props.push_back({b.name, nullptr, Trampoline, nullptr, nullptr, nullptr, napi_default,
                     const_cast<Binding*>(&b)});
  napi_define_properties(env, exports, props.size(), props.data());
  return exports;
}

}  // namespace
}  // namespace dojo

NAPI_MODULE(NODE_GYP_MODULE_NAME, dojo::Init)
