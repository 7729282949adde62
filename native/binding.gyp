{
  "targets": [
    {
      "target_name": "dojo_native",
      "sources": ["src/addon.cc", "src/conv.cc", "src/gemm.cc", "src/pool.cc", "src/reduce.cc", "src/threads.cc", "src/adam.cc", "src/rnn.cc"],
      "cflags_cc": ["-std=c++17", "-O2", "-fexceptions", "-fopenmp"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "libraries": ["-ldnnl", "-lopenblas", "-fopenmp"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
