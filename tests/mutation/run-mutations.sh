#!/usr/bin/env bash
# Mutation testing of the PLONK soundness checks: for every mutation in mutations.py (or those named as
# arguments), apply it to a copy of the repository under /tmp, build the prover tests, run the PLONK tests and
# report which tests fail ("killed") or that none did ("SURVIVED"). The working tree is never modified.
#   tests/mutation/run-mutations.sh [mutation ...]
#   tests/mutation/run-mutations.sh --check [mutation ...]   # only whether each applies to the tree (seconds, no build)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ "${1:-}" = "--check" ]; then shift; exec python3 "$here/mutations.py" check "$repo" "$@"; fi
work="$(mktemp -d /tmp/zkml-mutation.XXXXXX)"
# The PLONK, batch-verifier and SRS tests, without the golden files: those fail on any change to the proof bytes,
# so they would "kill" an absorption mutation that no attack test notices.
filter="${MUTATION_FILTER:-(FullyQualifiedName~Plonk|FullyQualifiedName~BatchVerifier|FullyQualifiedName~Srs)&FullyQualifiedName!~Golden}"
project="tests/ZkmlGpu.Prover.Tests"
trap 'rm -rf "$work"' EXIT

tar -C "$repo" --exclude=./.git --exclude=bin --exclude=obj -cf - . | tar -C "$work" -xf -
cd "$work"
build() { dotnet build "$project" -c Release -nologo -v q -p:TreatWarningsAsErrors=false >"$work/build.log" 2>&1; }
if ! build; then echo "baseline build failed:"; tail -20 "$work/build.log"; exit 2; fi
# Mutations touch only the prover library: rebuild it alone and drop it next to the tests.
build() {
    dotnet build src/Prover/ZkmlGpu.Prover.csproj -c Release --no-dependencies -nologo -v q -p:TreatWarningsAsErrors=false >"$work/build.log" 2>&1 &&
        cp src/Prover/bin/Release/net10.0/ZkmlGpu.Prover.dll src/Prover/bin/Release/net10.0/ZkmlGpu.Prover.pdb "$project/bin/Release/net10.0/"
}

mutations=("$@")
if [ ${#mutations[@]} -eq 0 ]; then mapfile -t mutations < <(python3 "$here/mutations.py" list); fi

survivors=0
for m in "${mutations[@]}"; do
    python3 "$here/mutations.py" apply "$m" "$work" || { echo "mutation $m: does not apply"; survivors=$((survivors + 1)); continue; }
    if ! build; then
        echo "mutation $m: BUILD FAILED (not a valid mutation)"; survivors=$((survivors + 1))
    else
        out="$(dotnet test "$project" -c Release --no-build --filter "$filter" 2>&1)"
        failed="$(sed -nE 's/^\s+Failed ZkmlGpu\.Prover\.Tests\.(.*) \[[^]]*\]\s*$/\1/p' <<<"$out" | sort -u)"
        if [ -n "$failed" ]; then
            echo "mutation $m: killed by $(wc -l <<<"$failed") tests: $(paste -sd ';' <<<"$failed")"
        elif grep -q 'Passed!' <<<"$out"; then
            echo "mutation $m: SURVIVED"; survivors=$((survivors + 1))
        else
            echo "mutation $m: test run did not complete"; tail -5 <<<"$out"; survivors=$((survivors + 1))
        fi
    fi
    for f in $(python3 "$here/mutations.py" files "$m"); do cp "$repo/$f" "$work/$f"; done
done
echo "$survivors of ${#mutations[@]} mutations survived"
[ "$survivors" -eq 0 ]
