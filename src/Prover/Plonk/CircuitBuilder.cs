using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Fills a <see cref="ConstraintSystem"/>'s table: advice and fixed values, enabled selectors, copy constraints,
/// lookup tables and public inputs. Regions hand out consecutive rows so chips never collide:
/// <code>
/// var r = builder.Region("mul", 1);
/// var a = r.Assign(colA, 0, x); r.Enable(q, 0);
/// </code>
/// The same builder feeds keygen (which uses the fixed values and copies) and the prover (which uses the advice).
/// Run <see cref="MockProver"/> on it to find which gate, row or copy a witness breaks.
/// </summary>
public sealed class CircuitBuilder
{
    private readonly ColumnStore[] _advice, _fixed;
    private readonly List<Fr>[] _instance;
    private readonly List<(Cell A, Cell B)> _copies = new();
    private readonly List<RegionInfo> _regions = new();
    private readonly int[] _tableLengths;
    private int _nextRegionRow;

    public CircuitBuilder(ConstraintSystem cs)
    {
        ConstraintSystem = cs;
        _advice = Enumerable.Range(0, cs.AdviceCount).Select(_ => new ColumnStore()).ToArray();
        _fixed = Enumerable.Range(0, cs.FixedCount).Select(_ => new ColumnStore()).ToArray();
        _instance = Enumerable.Range(0, cs.InstanceCount).Select(_ => new List<Fr>()).ToArray();
        _tableLengths = new int[cs.FixedCount];
    }

    public ConstraintSystem ConstraintSystem { get; }
    public IReadOnlyList<(Cell A, Cell B)> Copies => _copies;
    public IReadOnlyList<RegionInfo> Regions => _regions;

    /// <summary>Rows the circuit needs: assigned rows, table rows and public inputs.</summary>
    public int RowsUsed
    {
        get
        {
            int rows = _nextRegionRow;
            foreach (var c in _advice) rows = Math.Max(rows, c.Length);
            foreach (var c in _fixed) rows = Math.Max(rows, c.Length);
            foreach (var c in _instance) rows = Math.Max(rows, c.Count);
            return rows;
        }
    }

    /// <summary>The smallest k (2^k rows) this circuit fits in, blinding rows included.</summary>
    public int MinimumK => ConstraintSystem.MinimumK(RowsUsed);

    /// <summary>A region of <paramref name="rows"/> fresh rows below every region so far.</summary>
    public Region Region(string name, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var info = new RegionInfo(name, _nextRegionRow, rows);
        _regions.Add(info);
        _nextRegionRow += rows;
        return new Region(this, info);
    }

    public AssignedCell Assign(Column column, int row, Fr value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        var store = column.Kind switch
        {
            ColumnKind.Advice => _advice[CheckIndex(column, _advice.Length)],
            ColumnKind.Fixed => _fixed[CheckIndex(column, _fixed.Length)],
            _ => throw new ArgumentException($"Instance cells are public inputs: use {nameof(AddPublicInput)} or {nameof(SetPublicInput)}."),
        };
        store.Set(row, value);
        return new AssignedCell(new Cell(column, row), value);
    }

    public void EnableSelector(Selector selector, int row) => Assign(selector.Column, row, Fr.One);

    /// <summary>Appends a public input to an instance column and returns its cell (to copy from or to).</summary>
    public AssignedCell AddPublicInput(Column instance, Fr value)
    {
        var list = _instance[CheckInstance(instance)];
        list.Add(value);
        return new AssignedCell(new Cell(instance, list.Count - 1), value);
    }

    public AssignedCell SetPublicInput(Column instance, int row, Fr value)
    {
        var list = _instance[CheckInstance(instance)];
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        while (list.Count <= row) list.Add(Fr.Zero);
        list[row] = value;
        return new AssignedCell(new Cell(instance, row), value);
    }

    /// <summary>The public inputs, one array per instance column (what the verifier is given).</summary>
    public Fr[][] PublicInputs => _instance.Select(l => l.ToArray()).ToArray();

    /// <summary>Constrains two cells to be equal; both columns need equality enabled.</summary>
    public void ConstrainEqual(Cell a, Cell b)
    {
        foreach (var c in new[] { a, b })
        {
            if (!ConstraintSystem.HasEquality(c.Column)) throw new ArgumentException($"Column {ConstraintSystem.NameOf(c.Column)} ({c.Column}) has no equality enabled; call EnableEquality first.");
            ArgumentOutOfRangeException.ThrowIfNegative(c.Row);
        }
        if (a != b) _copies.Add((a, b));
    }

    /// <summary>Loads a lookup table into a table column from row 0 (replacing what was there).</summary>
    public void LoadTable(Column tableColumn, ReadOnlySpan<Fr> values)
    {
        if (!ConstraintSystem.IsTableColumn(tableColumn)) throw new ArgumentException($"{tableColumn} is not a table column; create it with TableColumn().");
        if (values.Length == 0) throw new ArgumentException("A lookup table needs at least one row.");
        for (int i = 0; i < values.Length; i++) _fixed[tableColumn.Index].Set(i, values[i]);
        _tableLengths[tableColumn.Index] = values.Length;
    }

    /// <summary>The value of a cell (zero if unassigned; instance cells read the public inputs).</summary>
    public Fr ValueOf(Cell cell) => cell.Column.Kind switch
    {
        ColumnKind.Advice => _advice[cell.Column.Index].Get(cell.Row),
        ColumnKind.Fixed => _fixed[cell.Column.Index].Get(cell.Row),
        _ => cell.Row < _instance[cell.Column.Index].Count ? _instance[cell.Column.Index][cell.Row] : Fr.Zero,
    };

    /// <summary>The region containing a row, for error messages.</summary>
    public RegionInfo? RegionAt(int row) => _regions.FirstOrDefault(r => row >= r.Start && row < r.Start + r.Rows);

    // ---- snapshots at a given size, used by keygen, the prover and the mock checker ----

    internal void CheckFits(int n, int usableRows)
    {
        if (RowsUsed > usableRows)
            throw new ArgumentException($"The circuit uses {RowsUsed} rows but 2^{int.Log2(n)} = {n} rows leave only {usableRows} usable ones; use a larger k (minimum {MinimumK}).");
        foreach (var (a, b) in _copies)
            if (a.Row >= usableRows || b.Row >= usableRows) throw new ArgumentException($"Copy {a} = {b} lies outside the {usableRows} usable rows.");
    }

    /// <summary>
    /// Fixed columns over n rows; table columns padded with their first row through the usable rows. The table
    /// columns of one lookup must have equal lengths, so that padding repeats whole table rows: padding columns of
    /// different lengths would pair values of different rows, e.g. (x, f(first x)), into tuples that are not rows.
    /// </summary>
    internal Fr[][] FixedValues(int n, int usableRows)
    {
        foreach (var lookup in ConstraintSystem.Lookups)
        {
            var columns = lookup.Tables.SelectMany(e => e.Queries()).Select(q => q.Column).Where(ConstraintSystem.IsTableColumn).Distinct().ToArray();
            var lengths = columns.Select(c => _tableLengths[c.Index]).Distinct().ToArray();
            if (lengths.Length > 1)
                throw new ArgumentException($"Lookup '{lookup.Name}': its table columns were loaded with different lengths ({string.Join(", ", columns.Select(c => $"{ConstraintSystem.NameOf(c)}: {_tableLengths[c.Index]}"))}); load whole rows.");
        }
        var result = new Fr[_fixed.Length][];
        for (int c = 0; c < _fixed.Length; c++)
        {
            var column = new Fr[n];
            _fixed[c].CopyTo(column);
            if (_tableLengths[c] > 0)
                for (int row = _tableLengths[c]; row < usableRows; row++) column[row] = column[0];
            result[c] = column;
        }
        return result;
    }

    /// <summary>Advice columns over n rows (rows past the assigned ones are zero; the prover fills blinding rows).</summary>
    internal Fr[][] AdviceValues(int n) => _advice.Select(a => { var column = new Fr[n]; a.CopyTo(column); return column; }).ToArray();

    internal static Fr[][] InstanceValues(IReadOnlyList<Fr[]> publicInputs, int n, int usableRows)
    {
        var result = new Fr[publicInputs.Count][];
        for (int c = 0; c < publicInputs.Count; c++)
        {
            if (publicInputs[c].Length > usableRows) throw new ArgumentException($"Instance column {c} has {publicInputs[c].Length} values but only {usableRows} rows are usable.");
            result[c] = new Fr[n];
            publicInputs[c].CopyTo(result[c], 0);
        }
        return result;
    }

    private int CheckIndex(Column c, int count)
    {
        if (c.Index < 0 || c.Index >= count) throw new ArgumentException($"Column {c} does not belong to this circuit.");
        return c.Index;
    }

    private int CheckInstance(Column c)
    {
        if (c.Kind != ColumnKind.Instance) throw new ArgumentException($"{c} is not an instance column.");
        return CheckIndex(c, _instance.Length);
    }

    private sealed class ColumnStore
    {
        private Fr[] _values = new Fr[16];
        public int Length { get; private set; }

        public void Set(int row, Fr value)
        {
            if (row >= _values.Length) Array.Resize(ref _values, Math.Max(row + 1, _values.Length * 2));
            _values[row] = value;
            Length = Math.Max(Length, row + 1);
        }

        public Fr Get(int row) => row < Length ? _values[row] : Fr.Zero;
        public void CopyTo(Fr[] destination) => _values.AsSpan(0, Math.Min(Length, destination.Length)).CopyTo(destination);
    }
}

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
