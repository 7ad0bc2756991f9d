namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>The row shapes of a Poseidon block; each has its own selector and gate.</summary>
public enum PoseidonRowKind
{
    /// <summary>The first two full rounds, with the capacity element a fixed constant (no cell).</summary>
    Start,
    /// <summary>Two full rounds.</summary>
    Full,
    /// <summary>As many partial rounds as a row has S-box slots.</summary>
    Partial,
    /// <summary>The remaining partial rounds (fewer than a row's slots).</summary>
    PartialTail,
    /// <summary>The last two full rounds; only state[0], the output, is handed to the next row.</summary>
    Last,
}
