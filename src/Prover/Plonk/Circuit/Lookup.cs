namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// A lookup: on every usable row where <see cref="Selector"/> is 1 the tuple of <see cref="Inputs"/> must equal the
/// tuple of <see cref="Tables"/> on some usable row; rows where it is 0 look up nothing (so idle rows never add a tuple
/// to the table). Tables and the selector are expressions over fixed columns only. Without a selector (constant 1)
/// every row looks up its tuple.
/// </summary>
public sealed record Lookup(string Name, IReadOnlyList<Expression> Inputs, IReadOnlyList<Expression> Tables, Expression Selector)
{
    public int InputDegree => Inputs.Max(e => e.Degree);
    public int TableDegree => Tables.Max(e => e.Degree);
}
