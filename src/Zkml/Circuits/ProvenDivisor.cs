using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>A divisor cell proven to hold an integer in [1, 2^48] (<see cref="DivByCellChip.ProveDivisor"/>); only such cells can divide.</summary>
public sealed class ProvenDivisor
{
    internal ProvenDivisor(AssignedCell cell, long value)
    {
        Cell = cell;
        Value = value;
    }

    public AssignedCell Cell { get; }
    public long Value { get; }
}
