using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

public enum ColumnKind : byte
{
    /// <summary>Private witness values, committed with blinding by the prover.</summary>
    Advice = 0,
    /// <summary>Circuit constants (selectors, lookup tables), committed once in the verifying key.</summary>
    Fixed = 1,
    /// <summary>Public inputs; the verifier evaluates these itself, they are never committed.</summary>
    Instance = 2,
}

/// <summary>A column of the circuit's table; <see cref="Cur"/>, <see cref="Next"/> etc. query it in a gate.</summary>
public readonly record struct Column(ColumnKind Kind, int Index)
{
    public Expression Query(int rotation) => Expression.Query(this, rotation);
    /// <summary>The cell in the row the constraint is evaluated at.</summary>
    public Expression Cur => Query(0);
    public Expression Next => Query(1);
    public Expression Prev => Query(-1);
    public Cell At(int row) => new(this, row);
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}[{Index}]";
}
