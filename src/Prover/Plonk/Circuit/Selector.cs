using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>A 0/1 fixed column that switches a gate or lookup on in chosen rows.</summary>
public readonly record struct Selector(Column Column)
{
    public Expression Expr => Column.Cur;
    public static implicit operator Expression(Selector s) => s.Expr;
    public override string ToString() => $"selector({Column})";
}
