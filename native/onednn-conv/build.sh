#!/usr/bin/env bash
# Builds the optional oneDNN convolution kernels for training (src/model/training/onednnConv.ts).
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
g++ -O2 -std=c++17 -shared -fPIC -fopenmp -I"$node_include" onednn_conv.cc -ldnnl -o build/onednn_conv.node
echo "built native/onednn-conv/build/onednn_conv.node"
