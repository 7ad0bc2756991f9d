namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// A lookup: on every usable row the tuple of <see cref="Inputs"/> must equal the tuple of <see cref="Tables"/> on some
/// usable row. Tables are expressions over fixed columns only. Gate inputs with a selector (q·x) so that idle rows look
/// up the zero tuple, which the table must then contain (a range table 0..2^b−1 does).
/// </summary>
public sealed record Lookup(string Name, IReadOnlyList<Expression> Inputs, IReadOnlyList<Expression> Tables)
{
    public int InputDegree => Inputs.Max(e => e.Degree);
    public int TableDegree => Tables.Max(e => e.Degree);
}
