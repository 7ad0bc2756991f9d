using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Transcript;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>One proof to verify: its verifying key, public inputs (one array per instance column) and the proof.</summary>
public sealed record VerificationItem(VerifyingKey Vk, IReadOnlyList<Fr[]> PublicInputs, Proof Proof);

/// <summary>
/// Verifies many PLONK proofs at once. Each proof is reduced to its final check e(L_i, G2) = e(R_i, τ·G2) as MSM
/// terms (<see cref="KzgAccumulator"/>); the checks are folded with weights w_i drawn from a hash of every key digest,
/// public input and proof (so they are fixed only after all proofs are), then evaluated with one MSM per pairing side
/// and one two-pairing product. Keys may differ but must share one SRS. A batch with a bad proof fails except with
/// probability about 1/r; <see cref="FindInvalid"/> then names the bad ones.
/// </summary>
public static class BatchVerifier
{
    private const string WeightDomain = "ZkmlGpu PLONK batch verification v1";

    /// <summary>
    /// True iff every proof is valid. Keys made with different SRSs, or (when <paramref name="requiredSrs"/> is
    /// given) with another SRS than that one, throw <see cref="ArgumentException"/>; public inputs of another shape than
    /// the key fixes make that proof invalid.
    /// </summary>
    public static bool Verify(IReadOnlyList<VerificationItem> items, SrsDigest? requiredSrs = null, IComputeDevice? device = null)
    {
        var batch = Prepare(items, requiredSrs);
        return batch.Accumulators.All(a => a is not null)
            && Check(batch, Enumerable.Range(0, items.Count), device ?? PlonkVerifier.SharedCpu.Value);
    }

    /// <summary>
    /// The indices of the invalid proofs (empty when all are valid), by bisection: each half of a failing set is
    /// checked as a batch, so k bad proofs among n cost about 2k·log₂(n) batch checks of shrinking size.
    /// </summary>
    public static IReadOnlyList<int> FindInvalid(IReadOnlyList<VerificationItem> items, SrsDigest? requiredSrs = null, IComputeDevice? device = null)
    {
        var batch = Prepare(items, requiredSrs);
        var dev = device ?? PlonkVerifier.SharedCpu.Value;
        var bad = new List<int>();
        var candidates = new List<int>();
        for (int i = 0; i < items.Count; i++)
        {
            if (batch.Accumulators[i] is null) bad.Add(i); // failed before the pairing
            else candidates.Add(i);
        }
        Bisect(batch, candidates, dev, bad);
        bad.Sort();
        return bad;
    }

    private static void Bisect(Batch batch, List<int> indices, IComputeDevice device, List<int> bad)
    {
        if (indices.Count == 0 || Check(batch, indices, device)) return;
        if (indices.Count == 1) { bad.Add(indices[0]); return; }
        int half = indices.Count / 2;
        Bisect(batch, indices.GetRange(0, half), device, bad);
        Bisect(batch, indices.GetRange(half, indices.Count - half), device, bad);
    }

    private sealed record Batch(KzgVerifierKey Kzg, KzgAccumulator?[] Accumulators, Fr[] Weights);

    private static Batch Prepare(IReadOnlyList<VerificationItem> items, SrsDigest? requiredSrs)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0) throw new ArgumentException("Nothing to verify.", nameof(items));
        var kzg = items[0].Vk.Kzg;
        for (int i = 0; i < items.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(items[i]);
            var digest = items[i].Vk.Kzg.Digest;
            if (requiredSrs is { } required) items[i].Vk.Kzg.Require(required);
            else if (digest != kzg.Digest)
                throw new ArgumentException($"Proof {i}'s key was made with SRS {digest.Hex}, proof 0's with {kzg.Digest.Hex}; a batch needs one SRS.", nameof(items));
        }

        // The per-proof reductions are independent (each replays its own transcript).
        var accumulators = new KzgAccumulator?[items.Count];
        try
        {
            Parallel.For(0, items.Count, i => accumulators[i] = PlonkVerifier.Accumulate(items[i].Vk, items[i].Proof, items[i].PublicInputs));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        return new Batch(kzg, accumulators, Weights(items));
    }

    /// <summary>
    /// The weights w_i: a hash of everything the batch checks, so no proof can be chosen after seeing them (weights
    /// known in advance let two bad proofs cancel; see BatchVerifierTests).
    /// </summary>
    internal static Fr[] Weights(IReadOnlyList<VerificationItem> items)
    {
        var t = new KeccakTranscript(WeightDomain);
        t.AbsorbBytes(BitConverter.GetBytes(items.Count));
        foreach (var item in items)
        {
            t.AbsorbBytes(item.Vk.Digest);
            t.AbsorbBytes(BitConverter.GetBytes(item.PublicInputs?.Count ?? -1));
            foreach (var column in item.PublicInputs ?? [])
            {
                if (column is null) { t.AbsorbBytes(BitConverter.GetBytes(-1)); continue; }
                t.AbsorbBytes(BitConverter.GetBytes(column.Length));
                foreach (var value in column) t.AbsorbScalar(value);
            }
            t.AbsorbBytes(ProofEncoding.Encode(item.Proof));
        }
        var weights = new Fr[items.Count];
        for (int i = 0; i < weights.Length; i++)
        {
            do weights[i] = t.SqueezeChallenge(); while (weights[i].IsZero);
        }
        return weights;
    }

    private static bool Check(Batch batch, IEnumerable<int> indices, IComputeDevice device)
    {
        var combined = new KzgAccumulator();
        foreach (int i in indices) combined.Add(batch.Accumulators[i]!, batch.Weights[i]);
        return combined.Check(batch.Kzg, device);
    }
}
