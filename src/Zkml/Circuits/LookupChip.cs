using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// y = round(f(x / 2^s_in) · 2^s_out) for the element-wise non-linear ops, one row per element: the function's tag
/// in fixed f0, x in c0 (copied), y in acc, and one lookup of (f0, c0, acc) in a table (tag, x, f(x)) holding every
/// distinct function the model uses (<see cref="LookupFunction"/>: op, scales, attributes), each under its own tag.
/// Softmax's exp is one more such function.
/// </summary>
/// <remarks>
/// The table is fixed (in the verifying key) and tabulated by the executor's own code
/// (<see cref="Execution.IntegerOps.LookupReal"/>), over the settings' domain [LookupMin, LookupMax]; an input with
/// no entry (outside the domain, or where f has no representable value) cannot be looked up, so no proof of a
/// clamped or invented value exists. The tag is fixed too, so the prover cannot read another function's rows.
/// Table rows: Σ over functions of (domain size minus unrepresentable inputs); the default domain
/// [−2^16, 2^16) makes 2^17 rows per function, so calibrated (narrowed) settings are what keep k small.
/// </remarks>
public sealed class LookupChip : ILayerChip, ITableChip
{
    /// <summary>More table rows than this is a settings problem (calibrate), not a circuit to build.</summary>
    public const int MaxTableRows = 1 << 24;
    private readonly LayerColumns _cols;
    private readonly Selector _q;
    private readonly Column _tag, _x, _y;
    private Dictionary<LookupFunction, (int Tag, Dictionary<long, long> Values)> _tables = new();
    private bool _shapeOnly;

    public LookupChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _q = cs.Selector("lookup.q");
        _tag = cs.TableColumn("lookup.tag");
        _x = cs.TableColumn("lookup.x");
        _y = cs.TableColumn("lookup.y");
        cs.Lookup("lookup", _q, (cols.F[0].Cur, _tag.Cur), (cols.C[0].Cur, _x.Cur), (cols.Acc.Cur, _y.Cur));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } =
    [
        OpKind.LeakyRelu, OpKind.Sigmoid, OpKind.HardSigmoid, OpKind.Tanh, OpKind.Erf, OpKind.Softplus,
        OpKind.Exp, OpKind.Sqrt, OpKind.Reciprocal, OpKind.Log, OpKind.Pow,
    ];

    public string? Unsupported(ModelGraph graph, Node node) =>
        graph[node.Inputs[0]].Scale is null || graph[node.Outputs[0]].Scale is null ? "a lookup needs fixed-point input and output scales" : null;

    public int Rows(ModelGraph graph, Node node) => graph[node.Outputs[0]].Shape.Size;

    /// <summary>Settings of the model whose tables were loaded last (chips laying out after <see cref="LoadTables"/> read them).</summary>
    public Settings Settings { get; private set; } = new();

    /// <summary>Rows each function takes in the table, in tag order (for reports and tests).</summary>
    public IReadOnlyList<(LookupFunction Function, int Rows)> TableRows =>
        _tables.OrderBy(t => t.Value.Tag).Select(t => (t.Key, t.Value.Values.Count)).ToList();

    public void LoadTables(CircuitBuilder builder, QuantizedModel model)
    {
        var g = model.Graph;
        Settings = model.Settings;
        _shapeOnly = builder.IsShapeOnly;
        _tables = new();
        long limit = 1L << model.Settings.MaxValueBits;
        var tags = new List<Fr>();
        var xs = new List<Fr>();
        var ys = new List<Fr>();
        foreach (var node in g.Nodes)
        {
            var f = node.Op == OpKind.Softmax ? LookupFunction.SoftmaxExp(g, node, Settings)
                : Ops.Contains(node.Op) ? LookupFunction.Of(g, node, Settings) : null;
            if (f is null || _tables.ContainsKey(f)) continue;
            if (tags.Count + (f.Max - f.Min + 1) > MaxTableRows)
                throw new ModelFormatException($"model '{g.Name}', node '{node.Name}' ({node.Op}): the lookup tables would exceed {MaxTableRows} rows (domain [{f.Min}, {f.Max}]); calibrate the settings to narrow the lookup range");
            int tag = _tables.Count + 1;
            var values = new Dictionary<long, long>();
            foreach (var (x, y) in f.Entries(node, limit))
            {
                values.Add(x, y);
                tags.Add(Fr.FromInt64(tag));
                xs.Add(Fr.FromInt64(x));
                ys.Add(Fr.FromInt64(y));
            }
            _tables.Add(f, (tag, values));
        }
        if (tags.Count == 0)
        {
            // Every entry unrepresentable: a row no active lookup can match (tag 0 is never assigned).
            tags.Add(Fr.Zero); xs.Add(Fr.Zero); ys.Add(Fr.Zero);
        }
        builder.LoadTable(_tag, tags.ToArray());
        builder.LoadTable(_x, xs.ToArray());
        builder.LoadTable(_y, ys.ToArray());
    }

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var f = LookupFunction.Of(context.Graph, node, Settings);
        var x = context.Input(node, 0);
        string who = $"model '{context.Graph.Name}', node '{node.Name}' ({node.Op})";
        return DivChip.Map(x.Length, i => Apply(region!, i, f, x.Cells[i], x.Values[i], who, i));
    }

    /// <summary>
    /// y = f(x) at one row. Throws (naming <paramref name="who"/>, the element and the value) when x has no entry: a
    /// witness for it cannot satisfy the lookup. <paramref name="claimed"/> replaces the honest value (tests).
    /// </summary>
    public (AssignedCell Y, long Value) Apply(Region region, int offset, LookupFunction f, AssignedCell x, long xv, string who, int element, Func<long, long>? claimed = null)
    {
        if (!_tables.TryGetValue(f, out var table))
            throw new InvalidOperationException($"{who}: no table for {f} was loaded");
        if (!table.Values.TryGetValue(xv, out long y))
        {
            if (!_shapeOnly)
                throw new ModelExecutionException($"{who}: input {xv} at element {element} has no entry in the lookup table of {f} (outside the lookup range, or f has no representable value there)");
            y = 0; // keygen: values are placeholders
        }
        if (claimed is not null) y = claimed(y);
        region.Enable(_q, offset);
        region.Assign(_cols.F[0], offset, Fr.FromInt64(table.Tag));
        region.Copy(x, _cols.C[0], offset);
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(y)), y);
    }
}
