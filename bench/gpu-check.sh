#!/usr/bin/env bash
# Builds the device check as one self-contained linux-x64 file (the GPU machine has the NVIDIA driver but no .NET)
# into bench/gpu-check-build/ (git-ignored), then smoke-tests it here on ILGPU's CPU accelerator.
#
# Copy bench/gpu-check-build/zkml-gpu to the GPU machine and run there:
#   ./zkml-gpu gpu-check --device cuda:0 --out gpu-check.json
# It checks every kernel against the CPU backend bit for bit, then times MSM and NTT at 2^16..2^24 and Poseidon t=3
# at 2^20 and 2^24 hashes, rewriting gpu-check.json after each step; benchmarks stop after --time-budget
# (default 420 s) so the run ends within 8 minutes. If the checks fail, rerun with ZKML_GPU_NO_PTX=1 in front to
# compare the portable multiplication with the PTX carry-chain one.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/gpu-check-build
rm -rf "$out"
dotnet publish src/Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
  -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none -o "$out" -nologo -v q
ls -la "$out"
du -sh "$out"
# Smoke test without a GPU: the same binary, kernels on ILGPU's CPU accelerator, tiny sizes.
"$out/zkml-gpu" devices
"$out/zkml-gpu" gpu-check --device ilgpu-cpu --min-log 6 --max-log 8 --runs 1 --out "$out/smoke-ilgpu-cpu.json"
