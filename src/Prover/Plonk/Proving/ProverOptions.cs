using ZkmlGpu.Field;
using ZkmlGpu.Prover.Transcript;

namespace ZkmlGpu.Prover.Plonk;

public sealed record ProverOptions
{
    /// <summary>
    /// Refuse witnesses that break a lookup, copy or gate (detected for free along the way). Turning this off exists
    /// only so tests can check that the verifier rejects proofs of bad witnesses.
    /// </summary>
    public bool CheckWitness { get; init; } = true;

    /// <summary>Source of blinding values; cryptographically secure by default. Override only in tests.</summary>
    public Func<Fr> Random { get; init; } = Fr.RandomSecure;

    /// <summary>
    /// Options whose blinding values come from a deterministic stream seeded with <paramref name="seed"/>, so the
    /// same witness gives the same proof bytes (golden files, reproducible tests). Never for real proofs: the
    /// blinding is then public and the proof is not zero-knowledge.
    /// </summary>
    public static ProverOptions Seeded(ulong seed)
    {
        var stream = new KeccakTranscript("ZkmlGpu seeded prover randomness (not zero-knowledge)");
        stream.AbsorbBytes(BitConverter.GetBytes(seed));
        return new ProverOptions { Random = stream.SqueezeChallenge };
    }

    /// <summary>Called after each prover phase with its name and duration (for profiling; null = off).</summary>
    public Action<string, TimeSpan>? OnPhase { get; init; }

    /// <summary>Replaceable prover steps, for tests that play a malicious prover against the real verifier.</summary>
    internal ProverHooks Hooks { get; init; } = ProverHooks.None;
}
