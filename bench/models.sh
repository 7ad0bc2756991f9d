#!/usr/bin/env bash
# Proves and verifies every shared example model with the CLI, the way a user runs it (calibrate → prove → verify),
# and prints one markdown row per model: rows used, k, keygen, prove and verify time, proof size. Keys are generated
# afresh (a temporary key cache), on the CPU backend, with the insecure development SRS.
#   bench/models.sh                 # all 22 EZKL examples and zkml's MNIST
#   bench/models.sh 1l_relu lenet_5 # some of them
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Cli -c Release -nologo -v q >/dev/null
cli=(dotnet src/Cli/bin/Release/net10.0/zkml-gpu.dll)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^,\"}]*\).*/\1/p" "$2" | head -n 1; }
models=("$@")
[ ${#models[@]} -gt 0 ] || models=($(ls tests/data/models/ezkl) zkml-mnist)
echo "| model | rows used | k | keygen | prove | verify | proof |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for m in "${models[@]}"; do
  if [ "$m" = zkml-mnist ]; then
    model=tests/data/models/zkml-mnist/model.msgpack input=tests/data/models/zkml-mnist/inp.msgpack settings=()
  else
    model=tests/data/models/ezkl/$m/network.onnx input=tests/data/models/ezkl/$m/input.json
    "${cli[@]}" calibrate "$model" --input "$input" --out "$work/$m.settings.json" >/dev/null
    settings=(--settings "$work/$m.settings.json")
  fi
  "${cli[@]}" prove "$model" --input "$input" --out "$work/$m" "${settings[@]}" --keys "$work/keys" >/dev/null 2>"$work/$m.err" \
    || { echo "| $m | failed: $(tail -n 1 "$work/$m.err") | | | | | |"; continue; }
  verify=$("${cli[@]}" verify "$work/$m" --model "$model" --keys "$work/keys" 2>/dev/null || true)
  meta=$work/$m/meta.json
  printf '| %s | %s | %s | %.2f s | %.2f s | %s ms | %s B |\n' "$m" "$(field rowsUsed "$meta")" "$(field k "$meta")" \
    "$(awk "BEGIN{print $(field keygenMs "$meta")/1000}")" "$(awk "BEGIN{print $(field proveMs "$meta")/1000}")" \
    "$(echo "$verify" | sed -n 's/.*"ms": *\([0-9.]*\).*/\1/p')" "$(field proofBytes "$meta")"
done
