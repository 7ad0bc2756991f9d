namespace ZkmlGpu.Zkml.Circuits;

/// <summary>How <see cref="DivChip"/> rounds n / d (d &gt; 0). Each rule is a window the remainder n − y·d must lie in.</summary>
public enum DivRounding
{
    /// <summary>Round half away from zero (every ONNX op's rule): window [−⌊d/2⌋, d − ⌊d/2⌋), or [−⌊d/2⌋ + 1, ⌊d/2⌋] for n &lt; 0 and even d.</summary>
    HalfAwayFromZero,
    /// <summary>⌊(n + ⌊d/2⌋) / d⌋, i.e. zkml's ⌊(2n + d) / 2d⌋: window [−⌊d/2⌋, d − ⌊d/2⌋).</summary>
    HalfUp,
    /// <summary>⌊n / d⌋: window [0, d).</summary>
    Floor,
    /// <summary>Truncation (Cast to an integer type): window [0, d) for n ≥ 0, (−d, 0] for n &lt; 0.</summary>
    TowardZero,
}
