// What the oneDNN-based files share: the one CPU engine and stream every primitive runs on (in
// order), memory objects over the caller's buffers, and the per-geometry primitive cache.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "ops.h"

namespace dojo {

inline dnnl::engine& cpuEngine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

inline dnnl::stream& cpuStream() {
  static dnnl::stream s(cpuEngine());
  return s;
}

// A oneDNN memory over a buffer of the wasm heap (oneDNN's handles are not const; inputs are
// only read).
inline dnnl::memory userMemory(const dnnl::memory::desc& d, const float* p) {
  return dnnl::memory(d, cpuEngine(), const_cast<float*>(p));
}

// "kind|v0,v1,…|t<threads>": primitives are built for one geometry and one thread count.
inline std::string cacheKey(const char* kind, std::initializer_list<int64_t> values, const std::string& extra = "") {
  std::string k(kind);
  k += '|';
  for (int64_t v : values) k += std::to_string(v) + ",";
  return k + "|" + extra + "|t" + std::to_string(threads());
}

// Entries of type T built once per key by `build(T&)` and kept for the process.
template <typename T>
class PrimitiveCache {
 public:
  template <typename Build>
  T& get(const std::string& key, Build build) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end()) return *it->second;
    auto e = std::make_unique<T>();
    build(*e);
    return *(entries_[key] = std::move(e));
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<T>> entries_;
};

}  // namespace dojo
