#!/usr/bin/env bash
# The gpu.js backend's real-GPU figures in one command, on a machine with a GPU (and the same
# figures on software GL elsewhere, labelled so).
#
# Node: gpu.js reaches a GPU only through headless-gl, the optional native module `gl` (built by
# `npm ci` where the X11/GL headers are installed: README "Backends and the GPU"), plus an X
# display. Without a display the script wraps Node in xvfb-run, whose GL is Mesa's software
# rasteriser: those rows measure the GL path on the CPU, and say so.
# Browser: Chromium (Debian `chromium`, or $CHROMIUM) with WebGL2 on the GPU through ANGLE's Vulkan
# backend and through EGL (TUNEGRAD_BROWSER_GLS, default "vulkan egl"; "swiftshader" is the
# software one): the kernel suite at training sizes (correctness against the reference backend,
# with the renderer's name) and each matmul call split into upload, compute and readback.
#
# Needs: node >= 20, `npm ci` (dev dependencies: tsx, esbuild, playwright-core), dist/ (built by
# npm ci). Everything it prints is also written to $OUT/gpu-check.txt when $OUT is set.
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

echo "== matmul GFLOP/s (Node)"
"${wrap[@]}" node bench/matmul.js --backends reference,simd,gpujs --gpujs-modes gpu,webasm --runs 3 "$@"

for gl in ${TUNEGRAD_BROWSER_GLS:-vulkan egl}; do
  echo "== the kernel suite at training sizes: headless-gl, and Chromium with WebGL2 through $gl (gpu.js WebGL2, WebAssembly SIMD)"
  TUNEGRAD_BROWSER_GL=$gl node --import tsx test/run.ts backend/gpujs.test 2>&1 | grep -E "headless-gl|Chromium|FAIL|skip|passed, " || true
  echo "== Chromium, WebGL2 through $gl: matmul calls"
  TUNEGRAD_BROWSER_GL=$gl node --import tsx test/browser/matmul-bench.ts || echo "(browser bench failed with $gl)"
done
