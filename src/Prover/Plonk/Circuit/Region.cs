using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>A named block of rows handed out by <see cref="CircuitBuilder.Region"/>.</summary>
public sealed record RegionInfo(string Name, int Start, int Rows);

/// <summary>Assigns cells at offsets relative to the region's first row.</summary>
public sealed class Region
{
    private readonly CircuitBuilder _builder;

    internal Region(CircuitBuilder builder, RegionInfo info) { _builder = builder; Info = info; }

    public RegionInfo Info { get; }
    public int Start => Info.Start;

    public AssignedCell Assign(Column column, int offset, Fr value) => _builder.Assign(column, Row(offset), value);
    public void Enable(Selector selector, int offset) => _builder.EnableSelector(selector, Row(offset));

    /// <summary>Assigns <paramref name="source"/>'s value here and constrains the two cells equal.</summary>
    public AssignedCell Copy(AssignedCell source, Column column, int offset)
    {
        var cell = Assign(column, offset, source.Value);
        _builder.ConstrainEqual(source.Cell, cell.Cell);
        return cell;
    }

    private int Row(int offset)
    {
        if ((uint)offset >= (uint)Info.Rows) throw new ArgumentOutOfRangeException(nameof(offset), $"Offset {offset} is outside region '{Info.Name}' of {Info.Rows} rows.");
        return Info.Start + offset;
    }
}
