# One image for the API and the CPU worker (wasm engine). Build the GPU worker with
#   docker build --build-arg TFJS_ENGINE=@tensorflow/tfjs-node-gpu@4.22.0 --build-arg BASE=nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04 .
ARG BASE=node:20-bookworm
FROM ${BASE}
ARG TFJS_ENGINE=""
# The CUDA base image has no Node; install Node 20 there.
RUN if ! command -v node >/dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends curl ca-certificates gnupg python3 make g++ && \
      curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs && rm -rf /var/lib/apt/lists/*; \
    fi
# oneDNN and OpenBLAS: `npm ci` builds the native training kernels against them (native/); where
# they are not packaged (the CUDA base) the build is skipped and training uses the wasm kernels.
RUN apt-get update && (apt-get install -y --no-install-recommends libdnnl-dev libopenblas-dev \
      || echo "no oneDNN/OpenBLAS packages here: the wasm kernels will train") && rm -rf /var/lib/apt/lists/*
# Python coding exercises: Debian's CPython 3 with NumPy, run inside bubblewrap (src/python-sandbox/).
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap python3 python3-numpy \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The root package's install script (run by npm ci) builds native/.
COPY scripts/build-native.mjs scripts/
COPY native native
RUN npm ci --no-audit --no-fund
RUN if [ -n "$TFJS_ENGINE" ]; then npm install --no-save "$TFJS_ENGINE"; fi
COPY . .
RUN npm run build
ENV NODE_ENV=production DATASETS_DIR=/data/datasets
# Processes run as the unprivileged user `dojo`; the code stays root-owned and read-only to it,
# only the data-set cache is its own. A worker started as root instead (`user: root`, or
# `docker run --user 0`) keeps root only to start its sandbox children as `nobody`
# (SANDBOX_UID/SANDBOX_GID, default 65534 under root): then a candidate who escaped an isolate
# could not even read the worker's own files or environment. Either way the children get an
# empty environment. See src/sandbox/README.md. Python submissions run in bwrap either way; as root
# each live Python process (warm spares included) gets its own unprivileged uid
# (PYTHON_SANDBOX_UID_BASE), so a fork bomb is stopped by a per-process limit (src/python-sandbox/README.md).
RUN groupadd --system --gid 10001 dojo \
 && useradd --system --uid 10001 --gid dojo --home-dir /app --no-create-home --shell /usr/sbin/nologin dojo \
 && mkdir -p /data/datasets && chown dojo:dojo /data/datasets
USER dojo
CMD ["node", "--no-node-snapshot", "--enable-source-maps", "dist/src/main.js"]
