namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// A random value the verifier draws after the advice columns of phase <see cref="Phase"/> are committed; gates,
/// lookups and the witness of later phases can use it (halo2's challenges).
/// </summary>
public readonly record struct Challenge(int Index, int Phase)
{
    public Expression Expr => Expression.Of(this);
    public static implicit operator Expression(Challenge c) => c.Expr;
    public override string ToString() => $"challenge[{Index}]";
}
