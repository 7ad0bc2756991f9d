using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Polynomials;
using ZkmlGpu.Prover.Transcript;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>What the verifier knows at x: challenges, the proof's evaluations, and the values it computes itself.</summary>
internal sealed class VerifierContext
{
    public required VerifyingKey Vk { get; init; }
    public ProofLayout Layout => Vk.Layout;
    public required ProofEvaluations Evaluations { get; init; }
    public required Fr[] Challenges { get; init; }
    public required Fr Theta { get; init; }
    public required Fr Beta { get; init; }
    public required Fr Gamma { get; init; }
    public required Fr X { get; init; }
    public required Fr L0 { get; init; }
    public required Fr LLast { get; init; }
    public required Fr LActive { get; init; }
    public required Fr VanishingAtX { get; init; }
    public required Dictionary<(Column, int), Fr> InstanceEvaluations { get; init; }

    /// <summary>The value of a column at x·ω^rotation: from the proof for advice/fixed, computed for instance.</summary>
    public Fr ColumnAt(Column column, int rotation) => column.Kind switch
    {
        ColumnKind.Instance => InstanceEvaluations[(column, rotation)],
        ColumnKind.Advice => Evaluations.At(PolynomialKind.Advice, column.Index, rotation),
        _ => Evaluations.At(PolynomialKind.Fixed, column.Index, rotation),
    };

    public Fr Evaluate(Expression e) => e.Evaluate(ColumnAt, Challenges);
}
