using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// zkml's msgpack layers (<see cref="OpKind.ZkmlLayer"/>) with zkml's integer rules (<see cref="ZkmlKernels"/>),
/// built from the shared chips plus one gate of its own, "zkml.window", bounding m·x to [lo, hi]:
/// <list type="bullet">
/// <item>Conv2D / FullyConnected: per output a dot product with fixed weights (<see cref="DotProductChip"/>) whose
/// constant term is bias·sf, a window row proving the dividend ≥ −S (zkml's shift), <see cref="DivChip"/> with
/// HalfUp and d = sf (⌊(acc + bias·sf + ⌊sf/2⌋)/sf⌋ = ⌊(2·acc + sf)/2sf⌋ + bias exactly), for Conv2D a window row
/// proving the rescaled value in zkml's table window, then the activation (relu: <see cref="ReluChip"/>; relu6: one
/// "zkml.relu6" row).</item>
/// <item>AveragePool2D: the window sum (weights 1), a window row, DivChip HalfUp by fh·fw. MaxPool2D: MaxChip.Reduce.</item>
/// <item>Mul: by a constant c, a window row on c·a and DivChip with multiplier c; of two activations, a product row
/// (<see cref="MulChip.Product"/>) then the same. Add (relu) and Sub: <see cref="LinearChip"/> (then relu). Reshape: no rows.</item>
/// </list>
/// Every index map is the executor's (<see cref="ZkmlConv2DGeometry"/>, <see cref="ZkmlPoolGeometry"/>,
/// <see cref="ZkmlKernels.FullyConnectedLayout"/>, <see cref="ZkmlKernels.BroadcastIndex"/>).
/// </summary>
/// <remarks>
/// "zkml.window": x in acc (copied), c0 = f3·x − f0 and c1 = f1 − f3·x, both sign-decomposed with sign 0, so both
/// are integers in [0, 2^48) and f0 ≤ f3·x ≤ f1 (x is a DivChip dividend or quotient elsewhere, so |x| &lt; 2^48 and
/// |f3| ≤ 2^24 keep f3·x far below r: the field equations are integer ones). A product of two activations
/// (<see cref="MulChip.Product"/>) is a DivChip dividend, so it is range-checked there. "zkml.relu6": y in c0 and
/// y − 6·sf in c1, both sign-decomposed (s = [y &lt; 0], t = [y &lt; 6·sf], exact because y is a table-window value),
/// out = y − s·y + (1 − t)·(6·sf − y): s = 1 forces t = 1, so the two corrections never overlap and out is the clamp.
/// </remarks>
public sealed class ZkmlLayerChip : ILayerChip
{
    private readonly LayerColumns _cols;
    private readonly DotProductChip _dot;
    private readonly DivChip _div;
    private readonly ReluChip _relu;
    private readonly MaxChip _max;
    private readonly LinearChip _linear;
    private readonly Selector _window, _relu6;
    private readonly MulChip _mul;

    public ZkmlLayerChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _dot = chips.Get<DotProductChip>();
        _div = chips.Get<DivChip>();
        _relu = chips.Get<ReluChip>();
        _max = chips.Get<MaxChip>();
        _linear = chips.Get<LinearChip>();
        _window = cs.Selector("zkml.window.q");
        _mul = chips.Get<MulChip>();
        Expression mx = cols.F[3].Cur * cols.Acc.Cur;
        cs.CreateGate("zkml.window",
            new Constraint("zkml.window: c0 = m·x − lo", _window * (cols.C[0].Cur - mx + cols.F[0].Cur)),
            new Constraint("zkml.window: c1 = hi − m·x", _window * (cols.C[1].Cur - cols.F[1].Cur + mx)),
            new Constraint("zkml.window: m·x ≥ lo", _window * cols.C[2].Cur),
            new Constraint("zkml.window: m·x ≤ hi", _window * cols.C[3].Cur));
        _relu6 = cs.Selector("zkml.relu6.q");
        cs.CreateGate("zkml.relu6",
            new Constraint("zkml.relu6: c1 = y − 6·sf", _relu6 * (cols.C[1].Cur - cols.C[0].Cur + cols.F[0].Cur)),
            new Constraint("zkml.relu6: out = y − [y < 0]·y + [y ≥ 6·sf]·(6·sf − y)",
                _relu6 * (cols.Acc.Cur - cols.C[0].Cur + cols.C[2].Cur * cols.C[0].Cur - (Expression.Constant(Fr.One) - cols.C[3].Cur) * (cols.F[0].Cur - cols.C[0].Cur))));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.ZkmlLayer];

    private static readonly long MaxWindow = (1L << LayerColumns.ValueBits) - 1;

    public string? Unsupported(ModelGraph g, Node node)
    {
        var a = (ZkmlLayerAttributes)node.Attributes;
        if (a.ScaleFactor < 1 || a.ScaleFactor >= 1L << DivChip.MaxDivisorBits) return $"scale factor {a.ScaleFactor} is outside [1, 2^{DivChip.MaxDivisorBits})";
        if (g.IsConstant(node.Inputs[0]) && a.LayerType != "Mul") return "the first input must be an activation";
        try
        {
            switch (a.LayerType)
            {
                case "Conv2D":
                case "FullyConnected":
                    if (node.Inputs.Skip(1).Any(e => !g.FixedConstants.ContainsKey(e))) return "weights and bias must be constants";
                    _ = Rows(g, node);
                    return null;
                case "AveragePool2D": case "MaxPool2D": case "Reshape": case "Add": case "Sub":
                    _ = Rows(g, node);
                    return null;
                case "Mul":
                    if (node.Inputs.All(g.IsConstant)) return "both operands are constants";
                    if (node.Inputs.FirstOrDefault(g.IsConstant) is { } c && g.FixedConstants[c].Data.Any(v => Math.Abs(v) > 1L << DivChip.MaxMultiplierBits))
                        return $"a constant factor beyond 2^{DivChip.MaxMultiplierBits}";
                    _ = Rows(g, node);
                    return null;
                default:
                    return $"zkml layer '{a.LayerType}' has no circuit";
            }
        }
        catch (ModelFormatException e)
        {
            return e.Message;
        }
    }

    private static int ActivationRows(ZkmlKernels.Activation act) => act switch
    {
        ZkmlKernels.Activation.Relu => 1,
        ZkmlKernels.Activation.Relu6 => 1,
        _ => 0,
    };

    /// <summary>Dividend window row + the division.</summary>
    private const int RescaleRows = 1 + DivChip.RowsPerElement;

    public int Rows(ModelGraph g, Node node)
    {
        var a = (ZkmlLayerAttributes)node.Attributes;
        TensorShape S(int i) => g[node.Inputs[i]].Shape;
        switch (a.LayerType)
        {
            case "Conv2D":
            {
                var geo = Conv(g, node);
                var taps = new List<(int, int)>();
                int rows = 0;
                for (int o = 0; o < geo.Size; o++)
                {
                    geo.Taps(o, taps);
                    rows += DotProductChip.RowsFor(taps.Count) + RescaleRows + 1 + ActivationRows(geo.Activation);
                }
                return rows;
            }
            case "FullyConnected":
            {
                var (m, n, outs, act) = Fc(g, node);
                return m * outs * (DotProductChip.RowsFor(n) + RescaleRows + ActivationRows(act));
            }
            case "AveragePool2D": case "MaxPool2D":
            {
                var geo = new ZkmlPoolGeometry(S(0), a.Params, a.LayerType);
                var window = new List<int>();
                int rows = 0;
                for (int o = 0; o < geo.Size; o++)
                {
                    geo.Window(o, window);
                    rows += a.LayerType == "MaxPool2D" ? window.Count - 1 : DotProductChip.RowsFor(window.Count) + RescaleRows;
                }
                return rows;
            }
            case "Add": case "Sub":
            {
                var (_, ai, _) = ZkmlKernels.BroadcastIndex(S(0), S(1), a.LayerType);
                if (a.LayerType == "Add") ZkmlKernels.ActivationOf(a.Params.Length == 0 ? 0 : a.Params[0], "Add", allowRelu6: false);
                return ai.Length * (a.LayerType == "Add" && a.Params.Length > 0 && a.Params[0] == 1 ? 2 : 1);
            }
            case "Mul":
            {
                var (_, ai, bi) = ZkmlKernels.BroadcastIndex(S(0), S(1), "Mul");
                int c = node.Inputs.ToList().FindIndex(g.IsConstant);
                if (c < 0) return ai.Length * (1 + RescaleRows);
                long[] k = g.FixedConstants[node.Inputs[c]].Data;
                var ki = c == 0 ? ai : bi;
                return ki.Count(i => k[i] != 0) * RescaleRows;
            }
            case "Reshape":
                return 0;
            default:
                throw new ModelFormatException($"zkml layer '{a.LayerType}' has no circuit");
        }
    }

    private static ZkmlConv2DGeometry Conv(ModelGraph g, Node node) =>
        new(g[node.Inputs[0]].Shape, g[node.Inputs[1]].Shape, node.Inputs.Count > 2 ? g[node.Inputs[2]].Shape.Size : null, ((ZkmlLayerAttributes)node.Attributes).Params);

    private static (int M, int N, int Outs, ZkmlKernels.Activation Act) Fc(ModelGraph g, Node node) =>
        ZkmlKernels.FullyConnectedLayout(g[node.Inputs[0]].Shape, g[node.Inputs[1]].Shape, node.Inputs.Count > 2 ? g[node.Inputs[2]].Shape.Size : null, ((ZkmlLayerAttributes)node.Attributes).Params);

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var a = (ZkmlLayerAttributes)node.Attributes;
        var fp = new ZkmlFixedPoint(a.ScaleFactor, a.K);
        if (a.LayerType == "Reshape") return context.Input(node, 0);
        var cursor = new Cursor(region!);
        int n = g[node.Outputs[0]].Shape.Size;
        var y = new LayerValue(new AssignedCell[n], new long[n]);
        switch (a.LayerType)
        {
            case "Conv2D":
            {
                var x = context.Input(node, 0);
                var geo = Conv(g, node);
                long[] w = g.FixedConstants[node.Inputs[1]].Data;
                long[]? bias = node.Inputs.Count > 2 ? g.FixedConstants[node.Inputs[2]].Data : null;
                var taps = new List<(int X, int W)>();
                for (int o = 0; o < n; o++)
                {
                    int f = geo.Taps(o, taps);
                    var (q, qv) = Rescaled(context, cursor, taps.Select(t => x.Cells[t.X]).ToList(), taps.Select(t => x.Values[t.X]).ToList(),
                        taps.Select(t => w[t.W]).ToList(), bias?[f] ?? 0, fp);
                    Window(cursor, q, qv, 1, fp.LookupMin, fp.LookupMax);
                    (y.Cells[o], y.Values[o]) = Activate(cursor, q, qv, geo.Activation, fp);
                }
                return y;
            }
            case "FullyConnected":
            {
                var x = context.Input(node, 0);
                var (m, k, outs, act) = Fc(g, node);
                long[] w = g.FixedConstants[node.Inputs[1]].Data;
                long[]? bias = node.Inputs.Count > 2 ? g.FixedConstants[node.Inputs[2]].Data : null;
                for (int i = 0; i < m; i++)
                    for (int o = 0; o < outs; o++)
                    {
                        var range = Enumerable.Range(0, k);
                        var (q, qv) = Rescaled(context, cursor, range.Select(t => x.Cells[i * k + t]).ToList(), range.Select(t => x.Values[i * k + t]).ToList(),
                            range.Select(t => w[o * k + t]).ToList(), bias is null ? 0 : bias[bias.Length == 1 ? 0 : o], fp);
                        (y.Cells[i * outs + o], y.Values[i * outs + o]) = Activate(cursor, q, qv, act, fp);
                    }
                return y;
            }
            case "AveragePool2D": case "MaxPool2D":
            {
                var x = context.Input(node, 0);
                var geo = new ZkmlPoolGeometry(g[node.Inputs[0]].Shape, a.Params, a.LayerType);
                var window = new List<int>();
                for (int o = 0; o < n; o++)
                {
                    geo.Window(o, window);
                    var cells = window.Select(i => x.Cells[i]).ToList();
                    var values = window.Select(i => x.Values[i]).ToList();
                    if (a.LayerType == "MaxPool2D")
                        (y.Cells[o], y.Values[o]) = _max.Reduce(region!, cursor.Take(window.Count - 1), cells, values);
                    else
                    {
                        long sum = values.Aggregate(0L, (s, v) => checked(s + v));
                        var sc = _dot.Dot(region!, cursor.Take(DotProductChip.RowsFor(cells.Count)), cells, cells.Select(_ => Fr.One).ToList(), Fr.Zero);
                        (y.Cells[o], y.Values[o]) = Divide(cursor, sc, sum, 1, geo.Area, 0, fp);
                    }
                }
                return y;
            }
            case "Add": case "Sub":
            {
                var (p, r) = (context.InputOrConstant(node, 0), context.InputOrConstant(node, 1));
                var (_, ai, bi) = ZkmlKernels.BroadcastIndex(g[node.Inputs[0]].Shape, g[node.Inputs[1]].Shape, a.LayerType);
                bool relu = a.LayerType == "Add" && a.Params.Length > 0 && a.Params[0] == 1;
                long sign = a.LayerType == "Add" ? 1 : -1;
                for (int o = 0; o < n; o++)
                {
                    long v = checked(p.Values[ai[o]] + sign * r.Values[bi[o]]);
                    var c = _linear.Combine(region!, cursor.Take(1), p.Cells[ai[o]], 1, r.Cells[bi[o]], sign, 0);
                    (y.Cells[o], y.Values[o]) = relu ? _relu.Relu(region!, cursor.Take(1), c, v) : (c, v);
                }
                return y;
            }
            case "Mul":
            {
                var (p, r) = (context.InputOrConstant(node, 0), context.InputOrConstant(node, 1));
                var (_, ai, bi) = ZkmlKernels.BroadcastIndex(g[node.Inputs[0]].Shape, g[node.Inputs[1]].Shape, "Mul");
                int c = node.Inputs.ToList().FindIndex(g.IsConstant);
                for (int o = 0; o < n; o++)
                {
                    var (xa, xv, xi) = c == 0 ? (r, r.Values[bi[o]], bi[o]) : (p, p.Values[ai[o]], ai[o]);
                    if (c >= 0)
                    {
                        long k = (c == 0 ? p.Values[ai[o]] : r.Values[bi[o]]);
                        // Constant 0: the product and its rounding are 0 (no dividend to bound), a constant cell.
                        (y.Cells[o], y.Values[o]) = k == 0 ? (context.ConstantCell(0), 0) : Divide(cursor, xa.Cells[xi], xv, k, fp.Scale, 0, fp);
                    }
                    else
                    {
                        long pv = checked(p.Values[ai[o]] * r.Values[bi[o]]);
                        var (pc, _) = _mul.Product(cursor.Region, cursor.Take(1), p.Cells[ai[o]], p.Values[ai[o]], r.Cells[bi[o]], r.Values[bi[o]]);
                        (y.Cells[o], y.Values[o]) = Divide(cursor, pc, pv, 1, fp.Scale, 0, fp);
                    }
                }
                return y;
            }
            default:
                throw new InvalidOperationException($"zkml layer '{a.LayerType}' has no circuit");
        }
    }

    /// <summary>⌊(2·Σ x·w + sf)/2sf⌋ + bias: the dot product with bias·sf as its constant term, then the bounded division.</summary>
    private (AssignedCell Y, long Value) Rescaled(LayerContext context, Cursor cursor, List<AssignedCell> cells, List<long> values, List<long> weights, long bias, ZkmlFixedPoint fp)
    {
        long biasTerm = checked(bias * fp.Scale);
        long acc = biasTerm;
        for (int i = 0; i < values.Count; i++) acc = checked(acc + values[i] * weights[i]);
        var sum = _dot.Dot(cursor.Region, cursor.Take(DotProductChip.RowsFor(cells.Count)), cells, weights.Select(Fr.FromInt64).ToList(), Fr.FromInt64(biasTerm));
        return Divide(cursor, sum, acc, 1, fp.Scale, biasTerm, fp);
    }

    /// <summary>
    /// ⌊(2·m·x + d)/2d⌋ (DivChip HalfUp), after a window row proving the dividend m·x − shift ≥ −⌊S/d⌋·d, zkml's
    /// division range (<see cref="ZkmlFixedPoint.RoundDiv"/>), <paramref name="shift"/> being a bias already folded in.
    /// </summary>
    private (AssignedCell Y, long Value) Divide(Cursor cursor, AssignedCell x, long xv, long m, long d, long shift, ZkmlFixedPoint fp)
    {
        long lo = checked(-(fp.DivisionShift / d * d) + shift);
        Window(cursor, x, xv, m, lo, checked(lo + MaxWindow));
        return _div.Divide(cursor.Region, cursor.Take(DivChip.RowsPerElement), x, xv, m, d, DivRounding.HalfUp);
    }

    private (AssignedCell Y, long Value) Activate(Cursor cursor, AssignedCell y, long v, ZkmlKernels.Activation act, ZkmlFixedPoint fp)
    {
        switch (act)
        {
            case ZkmlKernels.Activation.Relu:
                return _relu.Relu(cursor.Region, cursor.Take(1), y, v);
            case ZkmlKernels.Activation.Relu6:
                return Relu6(cursor, y, v, checked(6 * fp.Scale));
            default:
                return (y, v);
        }
    }

    /// <summary>One "zkml.window" row: lo ≤ m·x ≤ hi.</summary>
    private void Window(Cursor cursor, AssignedCell x, long xv, long m, long lo, long hi)
    {
        var region = cursor.Region;
        int offset = cursor.Take(1);
        region.Enable(_window, offset);
        region.Copy(x, _cols.Acc, offset);
        region.Assign(_cols.F[0], offset, Fr.FromInt64(lo));
        region.Assign(_cols.F[1], offset, Fr.FromInt64(hi));
        region.Assign(_cols.F[3], offset, Fr.FromInt64(m));
        // Outside the window the differences are negative: the decomposition (sign forced 0) rejects them, not this code.
        long below = unchecked((long)((Int128)m * xv - lo)), above = unchecked((long)(hi - (Int128)m * xv));
        region.Assign(_cols.C[0], offset, Fr.FromInt64(below));
        region.Assign(_cols.C[1], offset, Fr.FromInt64(above));
        _cols.Decompose(region, 0, offset, below);
        _cols.Decompose(region, 1, offset, above);
    }

    /// <summary>One "zkml.relu6" row: clamp(y, 0, six).</summary>
    private (AssignedCell Y, long Value) Relu6(Cursor cursor, AssignedCell y, long v, long six)
    {
        var region = cursor.Region;
        int offset = cursor.Take(1);
        region.Enable(_relu6, offset);
        region.Copy(y, _cols.C[0], offset);
        region.Assign(_cols.C[1], offset, Fr.FromInt64(v - six));
        region.Assign(_cols.F[0], offset, Fr.FromInt64(six));
        _cols.Decompose(region, 0, offset, v);
        _cols.Decompose(region, 1, offset, v - six);
        long clamped = Math.Clamp(v, 0, six);
        return (region.Assign(_cols.Acc, offset, Fr.FromInt64(clamped)), clamped);
    }

    /// <summary>Hands out consecutive rows of the node's region.</summary>
    private sealed class Cursor(Region region)
    {
        private int _next;
        public Region Region => region;
        public int Take(int rows) { int at = _next; _next += rows; return at; }
    }
}
