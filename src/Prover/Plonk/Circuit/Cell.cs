using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>A position in the table.</summary>
public readonly record struct Cell(Column Column, int Row)
{
    public override string ToString() => $"{Column}@{Row}";
}

/// <summary>A cell together with the value assigned to it, as returned by the builder and chips.</summary>
public readonly record struct AssignedCell(Cell Cell, Fr Value)
{
    public Column Column => Cell.Column;
    public int Row => Cell.Row;
    public override string ToString() => $"{Cell}={Value}";
}
