#!/usr/bin/env python3
"""The mutations run-mutations.sh applies, one at a time, to a copy of the repository.

Each mutation removes one verifier check, transcript absorption or blinding step. Protocol changes are applied to
the prover and the verifier alike, so honest proofs still verify and only a test that attacks the removed check can
fail. Every replacement must match exactly once, so a mutation never silently stops applying after a refactor.

Usage: mutations.py list | files NAME | apply NAME ROOT | check ROOT [NAME ...]
(check: does every mutation apply to ROOT, without writing anything)
"""
import sys

P = "src/Prover/Plonk/"
LOOKUP, PERM, VANISHING = P + "Arguments/LookupArgument.cs", P + "Arguments/PermutationArgument.cs", P + "Arguments/Vanishing.cs"
PROVER, VERIFIER, MULTIOPEN = P + "Proving/PlonkProver.cs", P + "Proving/PlonkVerifier.cs", P + "Proving/Multiopen.cs"
SHAPE, MOCK = P + "Circuit/CircuitShape.cs", P + "Circuit/MockProver.cs"
BATCH, KEYGEN = P + "Proving/BatchVerifier.cs", P + "Proving/Keygen.cs"
KZG = "src/Prover/Kzg/"

MUTATIONS = {
    # ---- verifier checks (removed from the quotient and from the verifier's C(x)) ----
    "lookup-start-check": [
        (LOOKUP, "        for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.L0Extended[start + i] * z[start + i];\n", ""),
        (LOOKUP, "        acc = acc * y + v.L0 * ev.SumAtX;\n", ""),
    ],
    "lookup-end-check": [
        (LOOKUP, "        for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.LLastExtended[start + i] * z[start + i];\n", ""),
        (LOOKUP, "        acc = acc * y + v.LLast * ev.SumAtX;\n", ""),
    ],
    "lookup-row-constraint": [
        (LOOKUP, "            acc[i] = acc[i] * y + q.Pk.LActiveExtended[p] * c;\n", "            _ = c;\n"),
        (LOOKUP, "        return acc * y + v.LActive * c;\n", "        return acc;\n"),
    ],
    "lookup-selector": [  # idle rows look up their tuple again
        (LOOKUP, "            if (rows.Selector[i].IsZero) continue;\n", ""),
        (LOOKUP, "m[row] += rows.Selector[i];", "m[row] += Fr.One;"),
        (LOOKUP, "z[i] + rows.Selector[i] * inv[i]", "z[i] + inv[i]"),
        (LOOKUP, "- selector[i] * t + m[p] * a;", "- t + m[p] * a;"),
        (LOOKUP, "- s * t + ev.Multiplicity * a;", "- t + ev.Multiplicity * a;"),
        (MOCK, "                if (lookup.Selector.Evaluate((c, rot) => Value(c, Wrap(r + rot, n)), challenges).IsZero) continue; // idle row\n", ""),
    ],
    "permutation-start-check": [
        (PERM, "            for (int c = 0; c < layout.PermutationChunks; c++)\n"
               "                for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.L0Extended[start + i] * (Fr.One - z[c][start + i]);\n", ""),
        (PERM, "            for (int c = 0; c < layout.PermutationChunks; c++) acc = acc * y + v.L0 * (Fr.One - z[c].AtX);\n", ""),
    ],
    "permutation-start-check-linked": [
        (PERM, "            for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.L0Extended[start + i] * (Fr.One - z[0][start + i]);\n", ""),
        (PERM, "            acc = acc * y + v.L0 * (Fr.One - z[0].AtX);\n", ""),
    ],
    "permutation-chunk-link": [
        (PERM, "            for (int c = 1; c < layout.PermutationChunks; c++)\n"
               "                for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.L0Extended[start + i] * (z[c][start + i] - z[c - 1][Wrap(start + i + shiftLast)]);\n", ""),
        (PERM, "            for (int c = 1; c < layout.PermutationChunks; c++) acc = acc * y + v.L0 * (z[c].AtX - z[c - 1].AtLast);\n", ""),
    ],
    "permutation-end-check": [
        (PERM, "                acc[i] = acc[i] * y + q.Pk.LLastExtended[start + i] * (product - Fr.One);\n", "                _ = product;\n"),
        (PERM, "            acc = acc * y + v.LLast * (product - Fr.One);\n", ""),
    ],
    "permutation-end-check-linked": [
        (PERM, "            for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.LLastExtended[start + i] * (z[^1][start + i] - Fr.One);\n", ""),
        (PERM, "            acc = acc * y + v.LLast * (z[^1].AtX - Fr.One);\n", ""),
    ],
    "permutation-row-constraint": [
        (PERM, "            for (int i = 0; i < len; i++) acc[i] = acc[i] * y + q.Pk.LActiveExtended[start + i] * (left[i] - right[i]);\n", ""),
        (PERM, "            acc = acc * y + v.LActive * (left - right);\n", ""),
    ],
    "gate-constraints": [
        (VANISHING, "                if (gates is not null)\n", "                if (gates is not null && layout.N < 0)\n"),
        (VANISHING, "                acc = acc * y + v.Evaluate(c.Polynomial);\n", "                _ = c;\n"),
    ],
    "pairing-check": [
        (VERIFIER, "return reduced is { } r && vk.Kzg.PairingCheck(r.Left, r.Right);", "return reduced is { } r;"),
    ],
    "public-input-count": [
        (VERIFIER, "publicInputs[i].Length != vk.InstanceLengths[i]", "publicInputs[i].Length > vk.Layout.UsableRows"),
    ],
    "table-equal-lengths": [
        (SHAPE, "            if (lengths.Length > 1)\n", "            if (lengths.Length < 0)\n"),
    ],
    # ---- transcript absorptions (prover and verifier) ----
    "absorb-key-digest": [
        (VERIFIER, "        t.AbsorbBytes(vk.Digest);\n", ""),
    ],
    "absorb-public-inputs": [
        (VERIFIER, "            foreach (var value in column) t.AbsorbScalar(value);\n", ""),
    ],
    "absorb-advice-before-theta": [
        (PROVER, "            foreach (int c in columns) transcript.AbsorbPoint(adviceCommitments[c]);\n", ""),
        (VERIFIER, "            foreach (int c in layout.AdvicePhases[phase]) transcript.AbsorbPoint(proof.AdviceCommitments[c]);\n", ""),
    ],
    "absorb-phase-advice-before-challenges": [  # a phase's challenges drawn before its advice is absorbed
        (PROVER, "            foreach (int c in columns) transcript.AbsorbPoint(adviceCommitments[c]);\n"
                 "            foreach (int ch in layout.ChallengesAfterPhase[phase]) challenges[ch] = transcript.SqueezeChallenge();\n",
                 "            foreach (int ch in layout.ChallengesAfterPhase[phase]) challenges[ch] = transcript.SqueezeChallenge();\n"
                 "            foreach (int c in columns) transcript.AbsorbPoint(adviceCommitments[c]);\n"),
        (VERIFIER, "            foreach (int c in layout.AdvicePhases[phase]) transcript.AbsorbPoint(proof.AdviceCommitments[c]);\n"
                   "            foreach (int ch in layout.ChallengesAfterPhase[phase]) challenges[ch] = transcript.SqueezeChallenge();\n",
                   "            foreach (int ch in layout.ChallengesAfterPhase[phase]) challenges[ch] = transcript.SqueezeChallenge();\n"
                   "            foreach (int c in layout.AdvicePhases[phase]) transcript.AbsorbPoint(proof.AdviceCommitments[c]);\n"),
    ],
    "absorb-multiplicities-before-beta": [
        (PROVER, "        foreach (var c in multiplicityCommitments) transcript.AbsorbPoint(c);\n", ""),
        (VERIFIER, "        foreach (var c in proof.LookupMultiplicityCommitments) transcript.AbsorbPoint(c);\n", ""),
    ],
    "absorb-products-before-y": [
        (PROVER, "        foreach (var c in productCommitments) transcript.AbsorbPoint(c);\n", ""),
        (VERIFIER, "        foreach (var c in proof.PermutationProductCommitments) transcript.AbsorbPoint(c);\n", ""),
    ],
    "absorb-sums-before-y": [
        (PROVER, "        foreach (var c in sumCommitments) transcript.AbsorbPoint(c);\n", ""),
        (VERIFIER, "        foreach (var c in proof.LookupSumCommitments) transcript.AbsorbPoint(c);\n", ""),
    ],
    "absorb-quotient-before-x": [
        (PROVER, "        foreach (var c in quotientCommitments) transcript.AbsorbPoint(c);\n", ""),
        (VERIFIER, "        foreach (var c in proof.QuotientCommitments) transcript.AbsorbPoint(c);\n", ""),
    ],
    "absorb-evaluations-before-v": [
        (PROVER, "        foreach (var e in evaluations) transcript.AbsorbScalar(e);\n", ""),
        (VERIFIER, "        foreach (var e in proof.Evaluations) transcript.AbsorbScalar(e);\n", ""),
    ],
    "absorb-openings-before-u": [
        (MULTIOPEN, "        foreach (var w in openingProofs) transcript.AbsorbPoint(w);\n", ""),
    ],
    # ---- SRS binding ----
    "srs-digest-check": [  # Kzg.Require accepts any SRS
        (KZG + "KzgVerifierKey.cs", "        if (Digest != required)\n", "        if (Digest != required && Digest == required)\n"),
    ],
    "srs-digest-check-verifier": [  # the single verifier skips Require
        (VERIFIER, "        vk.Kzg.Require(requiredSrs);\n", ""),
    ],
    "srs-digest-check-batch": [  # the batch verifier skips Require
        (BATCH, "if (requiredSrs is { } required) items[i].Vk.Kzg.Require(required);", "if (requiredSrs is { } required) _ = required;"),
    ],
    "batch-one-srs": [  # keys of different SRSs folded into one pairing check
        (BATCH, "            else if (digest != kzg.Digest)\n", "            else if (digest != kzg.Digest && digest == kzg.Digest)\n"),
    ],
    # ---- batch verifier weights ----
    "batch-weights-constant": [  # every weight 1
        (BATCH, "            do weights[i] = t.SqueezeChallenge(); while (weights[i].IsZero);\n", "            weights[i] = Fr.One;\n"),
    ],
    "batch-weight-reused": [  # one weight for all proofs
        (BATCH, "            do weights[i] = t.SqueezeChallenge(); while (weights[i].IsZero);\n",
                "            do weights[i] = i == 0 ? t.SqueezeChallenge() : weights[0]; while (weights[i].IsZero);\n"),
    ],
    "batch-weights-ignore-proofs": [  # weights fixed before the proofs are
        (BATCH, "            t.AbsorbBytes(ProofEncoding.Encode(item.Proof));\n", ""),
    ],
    # ---- blinding ----
    "blind-advice": [
        (PROVER, "                for (int i = u; i < n; i++) adviceValues[c][i] = adviceBlinding();\n", ""),
    ],
    "blind-multiplicities": [
        (LOOKUP, "        for (int i = u; i < n; i++) m[i] = random();\n", ""),
    ],
    "blind-lookup-sums": [
        (LOOKUP, "        for (int i = u + 1; i < n; i++) z[i] = random();\n", ""),
    ],
    "blind-permutation-products": [
        (PERM, "            for (int i = u + 1; i < n; i++) z[i] = random();\n", ""),
    ],
    "blind-quotient": [
        (VANISHING, "        for (int i = 1; i < pieces; i++) blinds[i] = random();\n", ""),
    ],
}


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "list"
    if cmd == "list":
        print("\n".join(MUTATIONS))
    elif cmd == "files":
        print("\n".join(sorted({f for f, _, _ in MUTATIONS[sys.argv[2]]})))
    elif cmd == "apply":
        name, root = sys.argv[2], sys.argv[3]
        texts = mutate(name, root)
        if isinstance(texts, str):
            sys.exit(texts)
        for path, text in texts.items():
            open(f"{root}/{path}", "w", encoding="utf-8").write(text)
    elif cmd == "check":
        root, names = sys.argv[2], sys.argv[3:] or list(MUTATIONS)
        errors = [e for e in (mutate(n, root) for n in names) if isinstance(e, str)]
        print("\n".join(errors) or f"all {len(names)} mutations apply")
        sys.exit(1 if errors else 0)
    else:
        sys.exit(__doc__)


def mutate(name, root):
    """The mutated text of each file NAME touches, or an error message; nothing is written."""
    if name not in MUTATIONS:
        return f"mutation {name}: unknown"
    texts = {}
    for path, old, new in MUTATIONS[name]:
        if path not in texts:
            try:
                texts[path] = open(f"{root}/{path}", encoding="utf-8").read()
            except OSError as e:
                return f"mutation {name}: {e}"
        count = texts[path].count(old)
        if count != 1 or old == new:
            return f"mutation {name}: expected one match in {path}, found {count}: {old.strip()[:80]}"
        texts[path] = texts[path].replace(old, new)
    return texts


if __name__ == "__main__":
    main()
