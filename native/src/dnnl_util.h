// The oneDNN engine and stream every primitive of the addon runs on (one CPU engine, in order).
#pragma once
#include <oneapi/dnnl/dnnl.hpp>

namespace dojo {

inline dnnl::engine& cpuEngine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

inline dnnl::stream& cpuStream() {
  static dnnl::stream s(cpuEngine());
  return s;
}

}  // namespace dojo
