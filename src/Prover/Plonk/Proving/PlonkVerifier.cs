using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;
using ZkmlGpu.Prover.Transcript;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// The verifier: replays the transcript, recomputes C(x) from the evaluations (gates, permutation, lookups) and the
/// quotient value it implies, and checks every opening with one GWC-reduced two-pairing product.
/// </summary>
public static class PlonkVerifier
{
    /// <summary>
    /// True iff the proof is valid for these public inputs. Inputs of the wrong shape (not one array per instance
    /// column with exactly the verifying key's number of values) make it false.
    /// </summary>
    public static bool Verify(VerifyingKey vk, Proof proof, IReadOnlyList<Fr[]> publicInputs, IComputeDevice? device = null)
    {
        var reduced = Reduce(vk, proof, publicInputs, device);
        return reduced is { } r && vk.Kzg.PairingCheck(r.Left, r.Right);
    }

    /// <summary>
    /// As <see cref="Verify(VerifyingKey, Proof, IReadOnlyList{Fr[]}, IComputeDevice?)"/>, for a verifier that accepts
    /// only keys made with the SRS <paramref name="requiredSrs"/>: another key throws <see cref="ArgumentException"/>.
    /// </summary>
    public static bool Verify(VerifyingKey vk, Proof proof, IReadOnlyList<Fr[]> publicInputs, SrsDigest requiredSrs, IComputeDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(vk);
        vk.Kzg.Require(requiredSrs);
        return Verify(vk, proof, publicInputs, device);
    }

    /// <summary>Whether the inputs have the shape the verifying key fixes: one array per instance column, of its recorded length.</summary>
    public static bool InputsMatch(VerifyingKey vk, IReadOnlyList<Fr[]> publicInputs)
    {
        ArgumentNullException.ThrowIfNull(vk);
        if (publicInputs is null || publicInputs.Count != vk.InstanceLengths.Count) return false;
        for (int i = 0; i < publicInputs.Count; i++)
            if (publicInputs[i] is null || publicInputs[i].Length != vk.InstanceLengths[i]) return false;
        return true;
    }

    /// <summary>The transcript after the verifying-key digest and every public input (the prover starts the same way).</summary>
    internal static KeccakTranscript StartTranscript(VerifyingKey vk, IReadOnlyList<Fr[]> publicInputs, bool checkShape = true)
    {
        if (checkShape && !InputsMatch(vk, publicInputs))
            throw new ArgumentException($"The verifying key expects instance columns of [{string.Join(", ", vk.InstanceLengths)}] values; [{string.Join(", ", publicInputs.Select(c => c?.Length ?? 0))}] were given.");
        var t = new KeccakTranscript(PlonkProver.TranscriptDomain);
        t.AbsorbBytes(vk.Digest);
        foreach (var column in publicInputs)
        {
            t.AbsorbBytes(BitConverter.GetBytes(column.Length));
            foreach (var value in column) t.AbsorbScalar(value);
        }
        return t;
    }

    /// <summary>Replays the proof's transcript up to v; the returned transcript continues with the opening proofs.</summary>
    internal static (TranscriptChallenges Challenges, KeccakTranscript Transcript) Replay(VerifyingKey vk, Proof proof, IReadOnlyList<Fr[]> publicInputs)
    {
        var layout = vk.Layout;
        var transcript = StartTranscript(vk, publicInputs);
        var challenges = new Fr[layout.ChallengeCount];
        for (int phase = 0; phase < layout.AdvicePhases.Count; phase++)
        {
            foreach (int c in layout.AdvicePhases[phase]) transcript.AbsorbPoint(proof.AdviceCommitments[c]);
            foreach (int ch in layout.ChallengesAfterPhase[phase]) challenges[ch] = transcript.SqueezeChallenge();
        }
        Fr theta = transcript.SqueezeChallenge();
        foreach (var c in proof.LookupMultiplicityCommitments) transcript.AbsorbPoint(c);
        Fr beta = transcript.SqueezeChallenge();
        Fr gamma = transcript.SqueezeChallenge();
        foreach (var c in proof.PermutationProductCommitments) transcript.AbsorbPoint(c);
        foreach (var c in proof.LookupSumCommitments) transcript.AbsorbPoint(c);
        Fr y = transcript.SqueezeChallenge();
        foreach (var c in proof.QuotientCommitments) transcript.AbsorbPoint(c);
        Fr x = transcript.SqueezeChallenge();
        foreach (var e in proof.Evaluations) transcript.AbsorbScalar(e);
        Fr v = transcript.SqueezeChallenge();
        return (new TranscriptChallenges(theta, beta, gamma, y, x, v) { PhaseChallenges = challenges }, transcript);
    }

    /// <summary>
    /// Everything but the final pairing: returns (left, right) with the proof valid iff e(left, H) = e(right, τH),
    /// or null when a check before that already fails. A given <paramref name="challengeU"/> replaces the drawn u
    /// (attack tests only).
    /// </summary>
    internal static (G1Affine Left, G1Affine Right)? Reduce(VerifyingKey vk, Proof proof, IReadOnlyList<Fr[]> publicInputs, IComputeDevice? device, Fr? challengeU = null) =>
        Accumulate(vk, proof, publicInputs, challengeU) is { } acc ? acc.Evaluate(device ?? SharedCpu.Value) : null;

    /// <summary>As <see cref="Reduce"/>, with the two sides left as MSM terms (for batching), or null.</summary>
    internal static KzgAccumulator? Accumulate(VerifyingKey vk, Proof proof, IReadOnlyList<Fr[]> publicInputs, Fr? challengeU = null)
    {
        ArgumentNullException.ThrowIfNull(vk);
        ArgumentNullException.ThrowIfNull(proof);
        var layout = vk.Layout;
        var domain = vk.Domain;
        try { proof.CheckShape(layout); }
        catch (InvalidEncodingException) { return null; }
        if (!InputsMatch(vk, publicInputs)) return null;
        var (challenges, transcript) = Replay(vk, proof, publicInputs);
        Fr x = challenges.X, v = challenges.V;
        if (ExpectedQuotient(vk, publicInputs, proof.Evaluations, challenges) is not { } expectedQuotient) return null;

        // Openings in the layout's order; commitments as (point, scalar) terms.
        G1Affine Commitment(Opening o) => o.Kind switch
        {
            PolynomialKind.Advice => proof.AdviceCommitments[o.Index],
            PolynomialKind.Fixed => vk.FixedCommitments[o.Index],
            PolynomialKind.PermutationSigma => vk.PermutationCommitments[o.Index],
            PolynomialKind.PermutationProduct => proof.PermutationProductCommitments[o.Index],
            PolynomialKind.LookupMultiplicity => proof.LookupMultiplicityCommitments[o.Index],
            _ => proof.LookupSumCommitments[o.Index],
        };
        var queries = layout.Openings.Select((o, i) => new Multiopen.Query(o.Rotation, proof.Evaluations[i], null, [(Commitment(o), Fr.One)])).ToList();
        var quotientTerms = new (G1Affine, Fr)[layout.QuotientPieces];
        Fr xPiece = Fr.One, xStep = x.Pow((ulong)(layout.N - 1));
        for (int i = 0; i < layout.QuotientPieces; i++) { quotientTerms[i] = (proof.QuotientCommitments[i], xPiece); xPiece *= xStep; }
        queries.Add(new Multiopen.Query(0, expectedQuotient, null, quotientTerms));

        return Multiopen.Accumulate(layout, domain, vk.Kzg.G1, queries, proof.OpeningProofs, x, v, transcript, challengeU);
    }

    /// <summary>C(x)/Z_H(x) from the evaluations and challenges (null when x lies in H).</summary>
    internal static Fr? ExpectedQuotient(VerifyingKey vk, IReadOnlyList<Fr[]> publicInputs, Fr[] evaluations, TranscriptChallenges challenges)
    {
        var layout = vk.Layout;
        var domain = vk.Domain;
        Fr x = challenges.X;
        Fr zh = domain.VanishingAt(x);
        if (zh.IsZero) return null; // x in H: negligible, but never divide by zero
        var tail = domain.LagrangeAt(x, layout.LastRow, layout.N - layout.LastRow);
        Fr lActive = Fr.One;
        foreach (var l in tail) lActive -= l;
        var instance = new Dictionary<(Column, int), Fr>();
        foreach (var (column, rotation) in layout.InstanceQueries)
            instance[(column, rotation)] = domain.EvaluateLagrange(publicInputs[column.Index], domain.Rotate(x, rotation));
        foreach (var column in layout.PermutationColumns.Where(c => c.Kind == ColumnKind.Instance))
            if (!instance.ContainsKey((column, 0))) instance[(column, 0)] = domain.EvaluateLagrange(publicInputs[column.Index], x);

        var context = new VerifierContext
        {
            Vk = vk,
            Evaluations = new ProofEvaluations(layout, evaluations),
            Challenges = challenges.PhaseChallenges,
            Theta = challenges.Theta,
            Beta = challenges.Beta,
            Gamma = challenges.Gamma,
            X = x,
            L0 = domain.LagrangeAt(x, 0, 1)[0],
            LLast = tail[0],
            LActive = lActive,
            VanishingAtX = zh,
            InstanceEvaluations = instance,
        };
        return Vanishing.ExpectedQuotient(context, challenges.Y);
    }

    internal static readonly Lazy<IComputeDevice> SharedCpu = new(() => new CpuDevice());
}
