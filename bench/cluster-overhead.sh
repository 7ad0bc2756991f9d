#!/usr/bin/env bash
# Cluster overhead on one machine: proves zkml's MNIST in 4 chunks locally (`prove --chunks 4`), then on 2 local
# worker processes (`prove --chunks 4 --workers 2`), and prints both wall times and the cluster run's own figures:
# overheadMs (per chunk: round trip minus the worker's keygen and proving, plus the coordinator's check of each
# proof, plus sending the model once per worker), modelBytesSent, and per chunk bytesSent / bytesReceived.
# Run on an otherwise idle machine. Usage: bench/cluster-overhead.sh [OUT_DIR]   (default /tmp/zkml-cluster-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/zkml-cluster-bench}
mnist=tests/data/models/zkml-mnist
rm -rf "$out" && mkdir -p "$out"
dotnet build src/Cli -c Release -nologo -v q >/dev/null
cli="dotnet src/Cli/bin/Release/net10.0/zkml-gpu.dll"
ms() { date +%s%3N; }
t0=$(ms); $cli prove $mnist/model.msgpack --input $mnist/inp.msgpack --chunks 4 --out "$out/local" >"$out/local.json"; t1=$(ms)
$cli prove $mnist/model.msgpack --input $mnist/inp.msgpack --chunks 4 --workers 2 --out "$out/cluster" >"$out/cluster.json"; t2=$(ms)
$cli verify "$out/cluster" --model $mnist/model.msgpack >"$out/verify.json"
field() { grep -o "\"$1\":[0-9.]*" "$2" | head -n 1 | cut -d: -f2; }
overhead=$(field overheadMs "$out/cluster.json"); job=$(field jobMs "$out/cluster.json")
share=$(awk -v o="$overhead" -v j="$job" 'BEGIN { printf "%.4f", o / j }')
echo "{\"op\":\"cluster-overhead\",\"model\":\"zkml-mnist\",\"localWallMs\":$((t1 - t0)),\"clusterWallMs\":$((t2 - t1)),\"clusterJobMs\":$job,\"overheadMs\":$overhead,\"overheadShare\":$share}"
echo "cluster run (bytesSent / bytesReceived per chunk in perChunk):"; cat "$out/cluster.json"
echo "verification of the cluster's bundle:"; cat "$out/verify.json"
