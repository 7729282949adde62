// Small helpers over the Node-API C interface (no node-addon-api dependency).
#pragma once
#include <node_api.h>

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

namespace dojo {

// Thrown inside a binding; the wrapper turns it into a JS Error.
struct JsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline void check(napi_status s, const char* what) {
  if (s != napi_ok) throw JsError(std::string("napi: ") + what);
}

struct Args {
  napi_env env;
  std::vector<napi_value> v;
  Args(napi_env e, napi_callback_info info, size_t want) : env(e), v(want) {
    size_t n = want;
    check(napi_get_cb_info(e, info, &n, v.data(), nullptr, nullptr), "cb_info");
    if (n < want) throw JsError("too few arguments");
  }
  // A Float32Array view (of the wasm heap); null/undefined gives nullptr.
  float* f32(size_t i, size_t minLength = 0) const {
    napi_valuetype t;
    check(napi_typeof(env, v[i], &t), "typeof");
    if (t == napi_null || t == napi_undefined) return nullptr;
    napi_typedarray_type type;
    size_t length;
    void* data;
    check(napi_get_typedarray_info(env, v[i], &type, &length, &data, nullptr, nullptr), "typedarray");
    if (type != napi_float32_array) throw JsError("expected a Float32Array");
    if (length < minLength) throw JsError("Float32Array shorter than its shape");
    return static_cast<float*>(data);
  }
  // A Float32Array view holding at least the product of `dims` elements (null: nullptr).
  float* f32(size_t i, std::initializer_list<int64_t> dims) const {
    size_t n = 1;
    for (int64_t d : dims) n *= static_cast<size_t>(d);
    return f32(i, n);
  }
  // The element count of a typed array.
  size_t length(size_t i) const {
    size_t length;
    check(napi_get_typedarray_info(env, v[i], nullptr, &length, nullptr, nullptr, nullptr), "typedarray");
    return length;
  }
  std::vector<int64_t> ints(size_t i) const {
    napi_typedarray_type type;
    size_t length;
    void* data;
    check(napi_get_typedarray_info(env, v[i], &type, &length, &data, nullptr, nullptr), "typedarray");
    if (type != napi_int32_array) throw JsError("expected an Int32Array");
    auto* p = static_cast<int32_t*>(data);
    return std::vector<int64_t>(p, p + length);
  }
  double num(size_t i) const {
    double d;
    check(napi_get_value_double(env, v[i], &d), "number");
    return d;
  }
};

}  // namespace dojo
