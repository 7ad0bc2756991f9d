using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Fills a <see cref="ConstraintSystem"/>'s table: advice and fixed values, enabled selectors, copy constraints,
/// lookup tables and public inputs. Regions hand out consecutive rows so chips never collide:
/// <code>
/// var r = builder.Region("mul", 1);
/// var a = r.Assign(colA, 0, x); r.Enable(q, 0);
/// </code>
/// Keygen reads only its <see cref="ToShape">shape</see> (fixed values, copies, regions, public-input counts); the
/// prover reads the advice and checks the shape against the key's. A builder made with <see cref="ForShape"/>
/// records the shape alone. Run <see cref="MockProver"/> on a witness to find which gate, row or copy it breaks.
/// Circuits with challenges are written as an <see cref="ICircuit"/> so they can be synthesized once per phase.
/// </summary>
public sealed class CircuitBuilder
{
    private readonly ColumnStore[] _advice, _fixed;
    private readonly List<Fr>[] _instance;
    private readonly List<(Cell A, Cell B)> _copies = new();
    private readonly List<RegionInfo> _regions = new();
    private readonly int[] _tableLengths;
    private readonly int _phase;
    private readonly Fr[]? _challenges;
    private int _nextRegionRow;

    /// <summary>A builder for a whole witness of a circuit without challenges (every advice phase is kept).</summary>
    public CircuitBuilder(ConstraintSystem cs) : this(cs, int.MaxValue, null) { }

    /// <summary>Records the shape only: advice values are dropped and challenges read as zero.</summary>
    public static CircuitBuilder ForShape(ConstraintSystem cs) => new(cs, -1, null);

    /// <summary>
    /// Synthesizes the witness of <paramref name="phase"/>: advice of phases ≤ phase is kept, and the challenges drawn
    /// after earlier phases are <paramref name="challenges"/> (indexed by <see cref="Challenge.Index"/>).
    /// </summary>
    public static CircuitBuilder Synthesize(ICircuit circuit, int phase, IReadOnlyList<Fr> challenges)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var cs = circuit.ConstraintSystem;
        if (phase < 0 || phase >= cs.PhaseCount) throw new ArgumentOutOfRangeException(nameof(phase), $"The circuit has phases 0..{cs.PhaseCount - 1}.");
        if (challenges.Count != cs.ChallengeCount) throw new ArgumentException($"The circuit has {cs.ChallengeCount} challenges; {challenges.Count} values were given.");
        var builder = new CircuitBuilder(cs, phase, challenges.ToArray());
        circuit.Synthesize(builder);
        return builder;
    }

    /// <summary>The whole witness with every challenge known (for the mock prover).</summary>
    internal static CircuitBuilder SynthesizeAll(ICircuit circuit, Fr[] challenges)
    {
        var builder = new CircuitBuilder(circuit.ConstraintSystem, int.MaxValue, challenges);
        circuit.Synthesize(builder);
        return builder;
    }

    private CircuitBuilder(ConstraintSystem cs, int phase, Fr[]? challenges)
    {
        ConstraintSystem = cs;
        _phase = phase;
        _challenges = challenges;
        _advice = Enumerable.Range(0, cs.AdviceCount).Select(_ => new ColumnStore()).ToArray();
        _fixed = Enumerable.Range(0, cs.FixedCount).Select(_ => new ColumnStore()).ToArray();
        _instance = Enumerable.Range(0, cs.InstanceCount).Select(_ => new List<Fr>()).ToArray();
        _tableLengths = new int[cs.FixedCount];
    }

    public ConstraintSystem ConstraintSystem { get; }
    /// <summary>True when only the shape is recorded (keygen): advice values are unknown and not kept.</summary>
    public bool IsShapeOnly => _phase < 0;
    /// <summary>The last advice phase whose values this builder keeps (−1 when shape-only, int.MaxValue for a whole witness).</summary>
    public int Phase => _phase;
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
        // Advice of a later phase (or any advice when shape-only) is unknown here: only its row is recorded.
        if (column.Kind == ColumnKind.Advice && ConstraintSystem.PhaseOf(column) > _phase) store.Touch(row);
        else store.Set(row, value);
        return new AssignedCell(new Cell(column, row), value);
    }

    /// <summary>
    /// The value of a challenge drawn after an earlier phase. Where it is not known yet (shape-only synthesis, or an
    /// earlier phase) it reads as zero, and whatever is computed from it lands in advice this builder drops.
    /// </summary>
    public Fr ChallengeValue(Challenge challenge)
    {
        if (challenge.Index < 0 || challenge.Index >= ConstraintSystem.ChallengeCount) throw new ArgumentException($"{challenge} does not belong to this circuit.");
        if (IsShapeOnly || challenge.Phase >= _phase) return Fr.Zero;
        return _challenges?[challenge.Index]
            ?? throw new InvalidOperationException($"{challenge} is drawn during proving: write the circuit as an ICircuit and prove or mock-check that.");
    }

    /// <summary>The challenge values this builder was synthesized with (zero where unknown).</summary>
    internal Fr[] ChallengeValues => ConstraintSystem.Challenges.Select(ChallengeValue).ToArray();
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

    /// <summary>A snapshot of what keygen reads: fixed values, copies, regions and public-input counts, no advice.</summary>
    public CircuitShape ToShape() => new(ConstraintSystem,
        _fixed.Select(f => f.ToArray()).ToArray(), (int[])_tableLengths.Clone(), _copies.ToArray(),
        _instance.Select(l => l.Count).ToArray(), _regions.ToArray(), RowsUsed);

    // ---- snapshots at a given size, used by the prover and the mock checker ----

    internal void CheckFits(int n, int usableRows) => ToShape().CheckFits(n, usableRows);

    internal Fr[][] FixedValues(int n, int usableRows) => ToShape().FixedValues(n, usableRows);

    /// <summary>Advice columns over n rows (rows past the assigned ones are zero; the prover fills blinding rows).</summary>
    internal Fr[][] AdviceValues(int n) => _advice.Select((_, c) => AdviceValues(c, n)).ToArray();

    internal Fr[] AdviceValues(int column, int n) { var values = new Fr[n]; _advice[column].CopyTo(values); return values; }

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

        /// <summary>Marks a row used without a value (advice unknown in this synthesis).</summary>
        public void Touch(int row) => Length = Math.Max(Length, row + 1);

        public Fr Get(int row) => row < Math.Min(Length, _values.Length) ? _values[row] : Fr.Zero;
        public Fr[] ToArray() => _values.AsSpan(0, Math.Min(Length, _values.Length)).ToArray();
        public void CopyTo(Fr[] destination) => _values.AsSpan(0, Math.Min(Math.Min(Length, _values.Length), destination.Length)).CopyTo(destination);
    }
}
