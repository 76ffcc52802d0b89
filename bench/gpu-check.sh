#!/usr/bin/env bash
# Measure the gpu.js backend on a machine with a GPU (and the CPU backends beside it).
#
# Needs: node >= 20, the built package (dist/, from `npx tsc -p tsconfig.json`) and, under
# node_modules, gpu.js with its dependencies acorn and gpu-mock.js (about 5 MB; tfjs is not needed).
# gpu.js reaches the GPU in Node only through headless-gl: the optional native module `gl`
# (node_modules/gl, built for this node version) plus an X display. Without a display the script
# wraps the run in xvfb-run when it exists (Xvfb's GL is Mesa's llvmpipe, i.e. still the CPU).
# Everything it prints is also written to $OUT/gpu-check.txt when $OUT is set.
#
# usage: bash bench/gpu-check.sh [extra bench/matmul.js arguments]
set -u
cd "$(dirname "$0")/.."
log="${OUT:-/tmp}/gpu-check.txt"
exec > >(tee "$log") 2>&1

echo "== machine"
date -u
node --version || { echo "node is missing"; exit 1; }
nproc
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "no nvidia-smi"
echo "DISPLAY=${DISPLAY:-<unset>}  xvfb-run: $(command -v xvfb-run || echo missing)  gl module: $(ls -d node_modules/gl 2>/dev/null || echo missing)"

if [ ! -f dist/index.js ]; then
  echo "== building dist"
  npx tsc -p tsconfig.json || echo "(tsc reported errors; dist was still emitted where possible)"
fi

wrap=()
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then wrap=(xvfb-run -a -s "-ac -screen 0 1280x1024x24"); fi

echo "== gpu.js modes"
"${wrap[@]}" node --input-type=module -e "
  const t = await import('./dist/index.js');
  for (const mode of t.gpujsModes) console.log(mode.padEnd(10), t.gpujsUnavailableReason(mode) ?? 'available');
"

echo "== matmul GFLOP/s"
"${wrap[@]}" node bench/matmul.js --backends reference,simd,gpujs --gpujs-modes gpu,headlessgl,webasm --runs 3 "$@"
