using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Everything about a circuit instance that keygen fixes, and nothing of its witness: the constraint system, fixed
/// values (selectors, constants, tables), copy constraints, regions and the number of public inputs per instance
/// column. Made by a shape-only synthesis (<see cref="Of(ICircuit)"/>) or taken from any builder
/// (<see cref="CircuitBuilder.ToShape"/>); one key serves every instance with an equal shape.
/// </summary>
public sealed class CircuitShape
{
    private readonly Fr[][] _fixed;
    private readonly int[] _tableLengths;
    private readonly (Cell A, Cell B)[] _copies;
    private readonly int[] _instanceLengths;

    internal CircuitShape(ConstraintSystem cs, Fr[][] fixedAssigned, int[] tableLengths, (Cell, Cell)[] copies, int[] instanceLengths, RegionInfo[] regions, int rowsUsed)
    {
        ConstraintSystem = cs;
        _fixed = fixedAssigned;
        _tableLengths = tableLengths;
        _copies = copies;
        _instanceLengths = instanceLengths;
        Regions = regions;
        RowsUsed = rowsUsed;
    }

    /// <summary>Lays out <paramref name="circuit"/> with no witness: advice values and challenges are unknown.</summary>
    public static CircuitShape Of(ICircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var builder = CircuitBuilder.ForShape(circuit.ConstraintSystem);
        circuit.Synthesize(builder);
        return builder.ToShape();
    }

    public ConstraintSystem ConstraintSystem { get; }
    public IReadOnlyList<(Cell A, Cell B)> Copies => _copies;
    /// <summary>Public inputs per instance column.</summary>
    public IReadOnlyList<int> InstanceLengths => _instanceLengths;
    public IReadOnlyList<RegionInfo> Regions { get; }
    /// <summary>Rows the circuit needs: assigned rows, table rows and public inputs.</summary>
    public int RowsUsed { get; }
    /// <summary>The smallest k (2^k rows) this circuit fits in, blinding rows included.</summary>
    public int MinimumK => ConstraintSystem.MinimumK(RowsUsed);

    /// <summary>
    /// SHA-256 of everything keygen reads (constraint system, fixed values, table lengths, copies, public-input counts;
    /// not region names): circuits with equal fingerprints share one key for a given k and SRS.
    /// </summary>
    public byte[] Fingerprint()
    {
        var w = new ByteWriter();
        KeyEncoding.WriteConstraintSystem(w, ConstraintSystem);
        w.I32(_fixed.Length);
        foreach (var column in _fixed)
        {
            w.I32(column.Length);
            foreach (var v in column) w.Scalar(v);
        }
        foreach (int length in _tableLengths) w.I32(length);
        w.I32(_copies.Length);
        foreach (var (a, b) in _copies)
            foreach (var cell in new[] { a, b }) { w.U8((byte)cell.Column.Kind); w.I32(cell.Column.Index); w.I32(cell.Row); }
        w.I32(_instanceLengths.Length);
        foreach (int length in _instanceLengths) w.I32(length);
        return System.Security.Cryptography.SHA256.HashData(w.ToArray());
    }

    internal void CheckFits(int n, int usableRows)
    {
        if (RowsUsed > usableRows)
            throw new ArgumentException($"The circuit uses {RowsUsed} rows but 2^{int.Log2(n)} = {n} rows leave only {usableRows} usable ones; use a larger k (minimum {MinimumK}).");
        foreach (var (a, b) in _copies)
            if (a.Row >= usableRows || b.Row >= usableRows) throw new ArgumentException($"Copy {a} = {b} lies outside the {usableRows} usable rows.");
    }

    /// <summary>Fixed columns over n rows; table columns padded with their first row through the usable rows.</summary>
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
            _fixed[c].AsSpan(0, Math.Min(n, _fixed[c].Length)).CopyTo(column);
            if (_tableLengths[c] > 0)
                for (int row = _tableLengths[c]; row < usableRows; row++) column[row] = column[0];
            result[c] = column;
        }
        return result;
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first difference between a witness's shape and the key's:
    /// the fixed values, the copies (compared with the key's own list, or through σ for a key read from bytes) and
    /// the number of public inputs per instance column.
    /// </summary>
    internal void CheckMatchesKey(ProvingKey pk, IReadOnlyList<Fr[]> publicInputs)
    {
        var cs = ConstraintSystem;
        var layout = pk.Vk.Layout;
        var fixedValues = FixedValues(layout.N, layout.UsableRows);
        for (int c = 0; c < fixedValues.Length; c++)
        {
            int row = fixedValues[c].AsSpan().CommonPrefixLength(pk.FixedValues[c]);
            if (row < layout.N)
                throw new ArgumentException($"The witness's fixed column {cs.NameOf(new Column(ColumnKind.Fixed, c))} differs from the proving key's at row {row}: it was laid out for another circuit shape.");
        }
        if (publicInputs.Count != pk.Vk.InstanceLengths.Count)
            throw new ArgumentException($"{publicInputs.Count} instance columns of public inputs were given; the proving key's circuit has {pk.Vk.InstanceLengths.Count}.");
        for (int c = 0; c < publicInputs.Count; c++)
            if (publicInputs[c].Length != pk.Vk.InstanceLengths[c])
                throw new ArgumentException($"Instance column {cs.NameOf(new Column(ColumnKind.Instance, c))} has {publicInputs[c].Length} public inputs; the proving key's circuit has {pk.Vk.InstanceLengths[c]}.");
        if (pk.Shape is { } keyShape)
        {
            if (keyShape._copies.Length != _copies.Length)
                throw new ArgumentException($"The witness has {_copies.Length} copy constraints; the proving key's circuit has {keyShape._copies.Length}.");
            for (int i = 0; i < _copies.Length; i++)
                if (keyShape._copies[i] != _copies[i])
                    throw new ArgumentException($"Copy constraint #{i} differs from the proving key's: the witness has {_copies[i].A} = {_copies[i].B}, the key {keyShape._copies[i].A} = {keyShape._copies[i].B}.");
        }
        else
        {
            // A key read from bytes keeps σ but not the copy list: the witness's copies must give the same σ.
            var sigma = PermutationArgument.BuildSigmaValues(cs, _copies, pk.Vk.Domain);
            for (int j = 0; j < sigma.Length; j++)
            {
                int row = sigma[j].AsSpan().CommonPrefixLength(pk.SigmaValues[j]);
                if (row < layout.N)
                    throw new ArgumentException($"The witness's copy constraints differ from the proving key's (first at {cs.EqualityColumns[j]}@{row}).");
            }
        }
    }
}
