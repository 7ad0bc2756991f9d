using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>A dishonest prover: lays out <paramref name="inner"/> honestly, then overwrites cells or public inputs.</summary>
internal sealed class TamperedCircuit(ICircuit inner, Action<CircuitBuilder> tamper) : ICircuit
{
    public ConstraintSystem ConstraintSystem => inner.ConstraintSystem;

    public void Synthesize(CircuitBuilder builder)
    {
        inner.Synthesize(builder);
        tamper(builder);
    }
}
