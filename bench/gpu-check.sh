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

echo "== gpu.js results against the reference backend (the kernel suite's shapes and tolerance)"
"${wrap[@]}" node --input-type=module -e "
  const t = await import('./dist/index.js');
  const modes = t.gpujsModes.filter((mode) => mode !== 'cpu' && t.gpujsUnavailableReason(mode) === null);
  let bad = 0;
  for (const mode of modes) {
    const gpu = await t.createBackend('gpujs', { gpujsMode: mode });
    for (const [m, k, n] of [[1, 1, 1], [17, 33, 9], [70, 129, 31], [32, 168, 512], [300, 700, 200]]) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
        const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
        const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(3 * i));
        const want = new Float32Array(m * n), got = new Float32Array(m * n);
        t.referenceBackend.matmul(a, b, want, m, k, n, ta, tb);
        gpu.matmul(a, b, got, m, k, n, ta, tb);
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1e-5 * Math.sqrt(k) + 1e-4 * Math.abs(want[i])));
        if (!(worst <= 1)) bad++;
        console.log(gpu.name, gpu.kernelMode, m + 'x' + k + 'x' + n, ta ? 'Aᵀ' : '  ', tb ? 'Bᵀ' : '  ', worst <= 1 ? 'ok' : 'FAIL', 'worst error/bound ' + worst.toFixed(3));
      }
    }
    await gpu.dispose();
  }
  if (bad) process.exitCode = 1;
"

echo "== matmul GFLOP/s"
"${wrap[@]}" node bench/matmul.js --backends reference,simd,gpujs --gpujs-modes gpu,headlessgl,webasm --runs 3 "$@"
