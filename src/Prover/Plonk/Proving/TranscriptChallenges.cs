using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>The Fiat–Shamir challenges of a proof, in transcript order (ones not yet drawn are zero).</summary>
internal sealed record TranscriptChallenges(Fr Theta, Fr Beta, Fr Gamma, Fr Y, Fr X, Fr V)
{
    /// <summary>The circuit's own challenges, drawn after their advice phases.</summary>
    public Fr[] PhaseChallenges { get; init; } = [];
}
