#!/usr/bin/env bash
# Builds the optional native training kernels (src/training/nativeAddon.ts).
# Needs g++, Node's headers and Debian's libdnnl-dev (apt-get install libdnnl-dev).
set -euo pipefail
cd "$(dirname "$0")"
node_include="$(node -p "require('path').resolve(process.execPath, '../../include/node')")"
[ -f "$node_include/node_api.h" ] || node_include=/usr/include/node
if [ ! -f /usr/include/dnnl.hpp ]; then
  echo "oneDNN headers missing: apt-get install libdnnl-dev" >&2
  exit 2
fi
mkdir -p build
# Built aside, then renamed: a training run that has the old addon loaded keeps its copy.
g++ -O3 -march=native -std=c++17 -shared -fPIC -fopenmp -I"$node_include" training_kernels.cc -ldnnl -o build/training_kernels.node.tmp
mv build/training_kernels.node.tmp build/training_kernels.node
echo "built native/training-kernels/build/training_kernels.node"
