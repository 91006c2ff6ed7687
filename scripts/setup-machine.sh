#!/usr/bin/env bash
# Installs the machine-level tools and real data the tests use: pnpm (pinned), Debian's Fashion-MNIST,
# PyTorch (reference for benchmarks), protoc + crc32c (TensorBoard checks) and Chromium (browser tests).
set -euo pipefail
want_pnpm="$(node -p "require('./package.json').packageManager.split('@')[1]")"
if [ "$(pnpm --version 2>/dev/null || true)" != "$want_pnpm" ]; then
  npm install -g "pnpm@$want_pnpm" >/dev/null 2>&1
fi
need=()
[ -f /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz ] || need+=(dataset-fashion-mnist)
command -v protoc >/dev/null || need+=(protobuf-compiler)
/usr/bin/python3 -c 'import crc32c' 2>/dev/null || need+=(python3-crc32c)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup-machine: please install ${need[*]} (apt-get)" >&2
  fi
fi
