using Google.Protobuf;
using ZkmlGpu.Zkml.Model;
using OnnxNode = global::Onnx.NodeProto;
using AttrType = global::Onnx.AttributeProto.Types.AttributeType;

namespace ZkmlGpu.Zkml.Import.Onnx;

/// <summary>
/// Imports an ONNX model (opset 7 and later, default domain) into a <see cref="ModelGraph"/>: infers static shapes
/// (symbolic dimensions take the batch size), folds constant shape arithmetic (Shape, Gather, Unsqueeze, Concat,
/// Cast, … on constants) so that shape ops reach the graph only as reindexing, folds BatchNormalization into an
/// affine Mul/Add (or into a preceding Conv) and checks every op's attributes. Anything outside the supported set is
/// a <see cref="ModelFormatException"/> naming the op, the node and the model.
/// </summary>
public sealed class OnnxImporter
{
    private readonly string _model;
    private readonly int _batch;
    private int _opset;
    private readonly Dictionary<string, TensorShape> _shapes = new();
    private readonly Dictionary<string, Tensor<double>> _consts = new();
    private readonly HashSet<string> _integer = new(); // edges holding integers (indices, shapes, masks)
    private readonly List<Node> _nodes = new();
    private readonly List<string> _inputs = new();
    private int _fresh;

    private OnnxImporter(string modelName, int batchSize)
    {
        _model = modelName;
        _batch = batchSize;
    }

    /// <summary>Loads an ONNX file; symbolic (or unknown) dimensions of the graph inputs become <paramref name="batchSize"/>.</summary>
    public static ModelGraph Load(string path, int batchSize = 1)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new ModelFormatException($"model '{path}': cannot read file: {e.Message}", e); }
        return Load(bytes, Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) + "/" + Path.GetFileName(path), batchSize);
    }

    /// <summary>
    /// Loads an ONNX file with its symbolic batch dimension resolved from the inputs: the batch size is the first
    /// input's length over its length at batch size 1.
    /// </summary>
    public static ModelGraph Load(string path, IReadOnlyList<float[]> inputs)
    {
        var g = Load(path, 1);
        if (inputs.Count == 0 || g.Inputs.Count == 0) return g;
        int unit = g[g.Inputs[0]].Shape.Size;
        int batch = unit > 0 && inputs[0].Length % unit == 0 ? Math.Max(1, inputs[0].Length / unit) : 1;
        return batch == 1 ? g : Load(path, batch);
    }

    /// <summary>Imports ONNX bytes; <paramref name="modelName"/> is used in error messages.</summary>
    public static ModelGraph Load(byte[] bytes, string modelName, int batchSize = 1)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        global::Onnx.ModelProto proto;
        try { proto = global::Onnx.ModelProto.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException e) { throw new ModelFormatException($"model '{modelName}': not a valid ONNX file ({e.Message})", e); }
        return new OnnxImporter(modelName, batchSize).Import(proto);
    }

    private ModelFormatException Error(string message) => new($"model '{_model}': {message}");
    private ModelFormatException Error(OnnxNode n, string message) => new($"model '{_model}', node '{n.Name}' ({n.OpType}): {message}");

    private ModelGraph Import(global::Onnx.ModelProto proto)
    {
        if (proto.Graph is null || (proto.Graph.Node.Count == 0 && proto.Graph.Output.Count == 0))
            throw Error("no graph (empty or truncated file)");
        _opset = -1;
        foreach (var o in proto.OpsetImport)
            if (o.Domain is "" or "ai.onnx") _opset = (int)o.Version;
        if (_opset < 0) _opset = proto.IrVersion <= 3 ? 7 : throw Error("no opset import for the default ONNX domain");
        if (_opset < 7) throw Error($"opset {_opset} is not supported (7 and later are)");

        var graph = proto.Graph;
        foreach (var init in graph.Initializer)
        {
            _consts[init.Name] = OnnxTensorReader.Read(init, $"model '{_model}', initializer");
            _shapes[init.Name] = _consts[init.Name].Shape;
            if (OnnxTensorReader.IsIntegerType(init.DataType)) _integer.Add(init.Name);
        }
        foreach (var input in graph.Input)
        {
            if (_consts.ContainsKey(input.Name)) continue; // IR < 4 lists initializers as inputs too
            var tt = input.Type?.TensorType ?? throw Error($"input '{input.Name}' is not a tensor");
            if (tt.ElemType is not (1 or 11 or 10 or 16)) throw Error($"input '{input.Name}' has element type {tt.ElemType}; only real-valued inputs are supported");
            var dims = tt.Shape?.Dim.Select(d => d.DimValue > 0 ? checked((int)d.DimValue) : _batch).ToArray()
                ?? throw Error($"input '{input.Name}' has no shape");
            _shapes[input.Name] = new TensorShape(dims);
            _inputs.Add(input.Name);
        }
        if (_inputs.Count == 0) throw Error("the graph has no inputs");

        foreach (var node in graph.Node)
        {
            if (node.Domain is not ("" or "ai.onnx")) throw Error(node, $"operator domain '{node.Domain}' is not supported");
            foreach (string i in node.Input)
                if (i.Length > 0 && !_shapes.ContainsKey(i)) throw Error(node, $"input '{i}' is not produced before this node");
            try { ImportNode(node); }
            catch (ArgumentException e) { throw Error(node, e.Message); }
        }

        var outputs = graph.Output.Select(o => o.Name).ToList();
        if (outputs.Count == 0) throw Error("the graph has no outputs");
        foreach (string o in outputs)
        {
            if (!_shapes.ContainsKey(o)) throw Error($"output '{o}' is never produced");
            if (_consts.ContainsKey(o)) AddNode("output:" + o, OpKind.Identity, NoAttributes.Instance, new[] { o }, o + "#out", _shapes[o]);
        }
        outputs = outputs.Select(o => _consts.ContainsKey(o) ? o + "#out" : o).ToList();
        return Build(outputs);
    }

    private ModelGraph Build(List<string> outputs)
    {
        var used = new HashSet<string>(_nodes.SelectMany(n => n.Inputs));
        var constants = _consts.Where(kv => used.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        var values = new Dictionary<string, ValueInfo>();
        foreach (string i in _inputs) values[i] = new ValueInfo(i, _shapes[i]);
        foreach (string c in constants.Keys) values[c] = new ValueInfo(c, _shapes[c]);
        foreach (var n in _nodes)
            foreach (string o in n.Outputs) values[o] = new ValueInfo(o, _shapes[o]);
        return new ModelGraph(_model, _inputs, outputs, _nodes, values, constants);
    }

    private void AddNode(string name, OpKind op, OpAttributes attributes, IReadOnlyList<string> inputs, string output, TensorShape shape)
    {
        _shapes[output] = shape;
        _nodes.Add(new Node(name, op, attributes, inputs.ToArray(), new[] { output }));
    }

    private string Fresh(string baseName) => $"{baseName}#{_fresh++}";

    // ---- attributes -------------------------------------------------------------------------------------------

    private static global::Onnx.AttributeProto? Attr(OnnxNode n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name);

    private long Int(OnnxNode n, string name, long fallback)
    {
        var a = Attr(n, name);
        if (a is null) return fallback;
        if (a.Type != AttrType.Int) throw Error(n, $"attribute '{name}' must be an integer");
        return a.I;
    }

    private double Float(OnnxNode n, string name, double fallback)
    {
        var a = Attr(n, name);
        if (a is null) return fallback;
        if (a.Type != AttrType.Float) throw Error(n, $"attribute '{name}' must be a float");
        return a.F;
    }

    private long[]? Ints(OnnxNode n, string name)
    {
        var a = Attr(n, name);
        if (a is null) return null;
        if (a.Type != AttrType.Ints) throw Error(n, $"attribute '{name}' must be a list of integers");
        return a.Ints.ToArray();
    }

    private string Str(OnnxNode n, string name, string fallback)
    {
        var a = Attr(n, name);
        if (a is null) return fallback;
        if (a.Type != AttrType.String) throw Error(n, $"attribute '{name}' must be a string");
        return a.S.ToStringUtf8();
    }

    private void OnlyAttributes(OnnxNode n, params string[] allowed)
    {
        foreach (var a in n.Attribute)
            if (Array.IndexOf(allowed, a.Name) < 0) throw Error(n, $"attribute '{a.Name}' is not supported");
    }

    private Tensor<double> Const(OnnxNode n, int inputIndex, string what)
    {
        if (inputIndex >= n.Input.Count || n.Input[inputIndex].Length == 0) throw Error(n, $"missing {what}");
        return _consts.TryGetValue(n.Input[inputIndex], out var t) ? t
            : throw Error(n, $"{what} ('{n.Input[inputIndex]}') must be a constant");
    }

    private bool HasInput(OnnxNode n, int i) => i < n.Input.Count && n.Input[i].Length > 0;

    private int Axis(OnnxNode n, long axis, int rank)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw Error(n, $"axis {axis} is out of range for rank {rank}");
        return (int)a;
    }

    private static long[] AsLongs(Tensor<double> t) => t.Data.Select(v => (long)v).ToArray();

    // ---- nodes ------------------------------------------------------------------------------------------------

    private void ImportNode(OnnxNode n)
    {
        string op = n.OpType;
        if (n.Output.Count == 0) throw Error(n, "no outputs");
        string output = n.Output[0];
        string name = n.Name.Length > 0 ? n.Name : $"{op}_{_nodes.Count}";
        TensorShape InShape(int i) => _shapes[n.Input[i]];

        if (op == "Constant") { FoldConstant(n); return; }
        if (op == "Shape")
        {
            var s = InShape(0);
            long start = Int(n, "start", 0), end = Int(n, "end", s.Rank);
            start = Math.Clamp(start < 0 ? start + s.Rank : start, 0, s.Rank);
            end = Math.Clamp(end < 0 ? end + s.Rank : end, 0, s.Rank);
            var dims = s.ToArray()[(int)start..(int)Math.Max(start, end)].Select(d => (double)d).ToArray();
            SetConst(output, new Tensor<double>(new TensorShape(dims.Length), dims), integer: true);
            return;
        }
        bool allConst = n.Input.All(i => i.Length == 0 || _consts.ContainsKey(i));
        if (allConst && n.Input.Count > 0 && OnnxConstantFolder.TryFold(this, n, out var folded, out bool integer))
        {
            SetConst(output, folded!, integer);
            return;
        }
        if (n.Output.Count > 1 && !(op is "Dropout" or "BatchNormalization" && n.Output.Skip(1).All(o => o.Length == 0)))
            throw Error(n, "only one output is supported");

        switch (op)
        {
            case "Gemm":
            {
                OnlyAttributes(n, "alpha", "beta", "transA", "transB", "broadcast");
                var a = InShape(0); var b = InShape(1);
                if (a.Rank != 2 || b.Rank != 2) throw Error(n, $"operands must be matrices, got {a} and {b}");
                bool ta = Int(n, "transA", 0) != 0, tb = Int(n, "transB", 0) != 0;
                int m = ta ? a[1] : a[0], k = ta ? a[0] : a[1], kb = tb ? b[1] : b[0], nn = tb ? b[0] : b[1];
                if (k != kb) throw Error(n, $"inner dimensions differ ({a} × {b})");
                var outShape = new TensorShape(m, nn);
                var inputs = new List<string> { n.Input[0], n.Input[1] };
                if (HasInput(n, 2))
                {
                    if (Broadcasting.Shape(InShape(2), outShape) is not { } bs || !bs.Equals(outShape)) throw Error(n, $"C of shape {InShape(2)} does not broadcast to {outShape}");
                    inputs.Add(n.Input[2]);
                }
                AddNode(name, OpKind.Gemm, new GemmAttributes(Float(n, "alpha", 1), Float(n, "beta", 1), ta, tb), inputs, output, outShape);
                return;
            }
            case "MatMul":
            {
                OnlyAttributes(n);
                var a = InShape(0); var b = InShape(1);
                if (a.Rank < 1 || b.Rank < 1) throw Error(n, "operands must have rank ≥ 1");
                var ad = a.Rank == 1 ? new[] { 1, a[0] } : a.ToArray();
                var bd = b.Rank == 1 ? new[] { b[0], 1 } : b.ToArray();
                if (ad[^1] != bd[^2]) throw Error(n, $"inner dimensions differ ({a} × {b})");
                var batch = Broadcasting.Shape(new TensorShape(ad[..^2]), new TensorShape(bd[..^2])) ?? throw Error(n, $"batch dimensions of {a} and {b} do not broadcast");
                var dims = batch.ToArray().ToList();
                if (a.Rank > 1) dims.Add(ad[^2]);
                if (b.Rank > 1) dims.Add(bd[^1]);
                AddNode(name, OpKind.MatMul, NoAttributes.Instance, new[] { n.Input[0], n.Input[1] }, output, new TensorShape(dims.ToArray()));
                return;
            }
            case "Conv":
            case "ConvTranspose":
                ImportConv(n, name, output, transpose: op == "ConvTranspose");
                return;
            case "Max":
            case "Min":
                if (n.Input.Count != 2) throw Error(n, $"{n.Input.Count} inputs (only 2 are supported)");
                goto case "Add";
            case "Add": case "Sub": case "Mul": case "Div": case "Less": case "Greater": case "Equal": case "PRelu": case "Pow":
            {
                OnlyAttributes(n, "broadcast", "axis");
                if (Attr(n, "axis") is not null) throw Error(n, "legacy broadcast with an axis is not supported");
                var a = InShape(0); var b = InShape(1);
                var s = Broadcasting.Shape(a, b) ?? throw Error(n, $"shapes {a} and {b} do not broadcast");
                if (op == "Pow")
                {
                    var e = Const(n, 1, "exponent");
                    if (e.Data.Distinct().Count() != 1) throw Error(n, "only one constant exponent is supported");
                    if (!s.Equals(a)) throw Error(n, "the exponent may not broadcast the base");
                    AddNode(name, OpKind.Pow, new ScalarAttributes(e.Data[0]), new[] { n.Input[0] }, output, s);
                    return;
                }
                if (op == "PRelu")
                {
                    Const(n, 1, "slope");
                    if (!s.Equals(a)) throw Error(n, "the slope may not broadcast the input");
                }
                var kind = Enum.Parse<OpKind>(op);
                AddNode(name, kind, NoAttributes.Instance, new[] { n.Input[0], n.Input[1] }, output, s);
                if (op is "Less" or "Greater" or "Equal") _integer.Add(output);
                return;
            }
            case "Relu": case "Sigmoid": case "Tanh": case "Erf": case "Softplus": case "Exp": case "Abs": case "Sqrt": case "Identity":
            case "Neg": case "Reciprocal": case "Log":
                OnlyAttributes(n);
                AddNode(name, Enum.Parse<OpKind>(op), NoAttributes.Instance, new[] { n.Input[0] }, output, InShape(0));
                if (op is "Identity" or "Abs" or "Neg" && _integer.Contains(n.Input[0])) _integer.Add(output);
                return;
            case "Dropout":
                OnlyAttributes(n, "ratio", "seed");
                AddNode(name, OpKind.Identity, NoAttributes.Instance, new[] { n.Input[0] }, output, InShape(0));
                return;
            case "LeakyRelu":
                OnlyAttributes(n, "alpha");
                AddNode(name, OpKind.LeakyRelu, new ScalarAttributes(Float(n, "alpha", 0.01)), new[] { n.Input[0] }, output, InShape(0));
                return;
            case "HardSigmoid":
                OnlyAttributes(n, "alpha", "beta");
                AddNode(name, OpKind.HardSigmoid, new HardSigmoidAttributes(Float(n, "alpha", 0.2), Float(n, "beta", 0.5)), new[] { n.Input[0] }, output, InShape(0));
                return;
            case "Clip":
            {
                OnlyAttributes(n, "min", "max");
                double lo = double.NegativeInfinity, hi = double.PositiveInfinity;
                if (_opset < 11) { lo = Float(n, "min", lo); hi = Float(n, "max", hi); }
                else
                {
                    if (HasInput(n, 1)) lo = Const(n, 1, "min").Data.Single();
                    if (HasInput(n, 2)) hi = Const(n, 2, "max").Data.Single();
                }
                AddNode(name, OpKind.Clip, new ClipAttributes(lo, hi), new[] { n.Input[0] }, output, InShape(0));
                return;
            }
            case "Softmax":
            {
                OnlyAttributes(n, "axis");
                var s = InShape(0);
                int axis = Axis(n, Int(n, "axis", _opset < 13 ? 1 : -1), s.Rank);
                if (_opset < 13 && axis < s.Rank - 1)
                {
                    // Before opset 13 Softmax normalises over the flattened trailing block [axis, rank).
                    int outer = 1, inner = 1;
                    for (int i = 0; i < s.Rank; i++) if (i < axis) outer *= s[i]; else inner *= s[i];
                    string flat = Fresh(output), soft = Fresh(output);
                    AddNode(name + "/flatten", OpKind.Reshape, NoAttributes.Instance, new[] { n.Input[0] }, flat, new TensorShape(outer, inner));
                    AddNode(name, OpKind.Softmax, new AxisAttributes(1), new[] { flat }, soft, new TensorShape(outer, inner));
                    AddNode(name + "/unflatten", OpKind.Reshape, NoAttributes.Instance, new[] { soft }, output, s);
                    return;
                }
                AddNode(name, OpKind.Softmax, new AxisAttributes(axis), new[] { n.Input[0] }, output, s);
                return;
            }
            case "ReduceMean":
            case "ReduceSum":
            case "ReduceMax":
            {
                OnlyAttributes(n, "axes", "keepdims", "noop_with_empty_axes");
                var s = InShape(0);
                long[]? axes = Ints(n, "axes");
                if (HasInput(n, 1)) axes = AsLongs(Const(n, 1, "axes"));
                bool keep = Int(n, "keepdims", 1) != 0;
                if (axes is null || axes.Length == 0)
                {
                    if (Int(n, "noop_with_empty_axes", 0) != 0)
                    { AddNode(name, OpKind.Identity, NoAttributes.Instance, new[] { n.Input[0] }, output, s); return; }
                    axes = Enumerable.Range(0, s.Rank).Select(i => (long)i).ToArray();
                }
                var ax = axes.Select(a => Axis(n, a, s.Rank)).Distinct().Order().ToArray();
                var dims = new List<int>();
                for (int i = 0; i < s.Rank; i++)
                    if (Array.IndexOf(ax, i) < 0) dims.Add(s[i]); else if (keep) dims.Add(1);
                AddNode(name, Enum.Parse<OpKind>(op), new ReduceAttributes(ax, keep), new[] { n.Input[0] }, output, new TensorShape(dims.ToArray()));
                return;
            }
            case "ArgMax":
            {
                OnlyAttributes(n, "axis", "keepdims", "select_last_index");
                var s = InShape(0);
                int axis = Axis(n, Int(n, "axis", 0), s.Rank);
                bool keep = Int(n, "keepdims", 1) != 0;
                var dims = new List<int>();
                for (int i = 0; i < s.Rank; i++) if (i != axis) dims.Add(s[i]); else if (keep) dims.Add(1);
                AddNode(name, OpKind.ArgMax, new ArgMaxAttributes(axis, keep, Int(n, "select_last_index", 0) != 0), new[] { n.Input[0] }, output, new TensorShape(dims.ToArray()));
                _integer.Add(output);
                return;
            }
            case "AveragePool":
            case "MaxPool":
                ImportPool(n, name, output, op == "MaxPool");
                return;
            case "GlobalAveragePool":
            case "GlobalMaxPool":
            {
                OnlyAttributes(n);
                var s = InShape(0);
                if (s.Rank < 3) throw Error(n, $"input must be N×C×spatial, got {s}");
                var k = s.ToArray()[2..];
                var outDims = s.ToArray(); for (int i = 2; i < outDims.Length; i++) outDims[i] = 1;
                var attrs = new PoolAttributes(k, k.Select(_ => 1).ToArray(), new int[2 * k.Length], k.Select(_ => 1).ToArray(), true);
                AddNode(name, op == "GlobalMaxPool" ? OpKind.MaxPool : OpKind.AveragePool, attrs, new[] { n.Input[0] }, output, new TensorShape(outDims));
                return;
            }
            case "BatchNormalization":
                ImportBatchNorm(n, name, output);
                return;
            case "Pad":
            {
                OnlyAttributes(n, "mode", "pads", "value");
                string mode = Str(n, "mode", "constant");
                if (mode != "constant") throw Error(n, $"pad mode '{mode}' is not supported (only 'constant')");
                var s = InShape(0);
                long[] pads = (_opset < 11 ? Ints(n, "pads") : HasInput(n, 1) ? AsLongs(Const(n, 1, "pads")) : null) ?? throw Error(n, "missing pads");
                double value = _opset < 11 ? Float(n, "value", 0) : HasInput(n, 2) ? Const(n, 2, "constant_value").Data.Single() : 0;
                if (HasInput(n, 3))
                {
                    var axes = AsLongs(Const(n, 3, "axes")).Select(a => Axis(n, a, s.Rank)).ToArray();
                    var full = new long[2 * s.Rank];
                    for (int i = 0; i < axes.Length; i++) { full[axes[i]] = pads[i]; full[axes[i] + s.Rank] = pads[i + axes.Length]; }
                    pads = full;
                }
                if (pads.Length != 2 * s.Rank) throw Error(n, $"{pads.Length} pads for rank {s.Rank}");
                if (pads.Any(p => p < 0)) throw Error(n, "negative pads are not supported");
                var dims = s.ToArray();
                for (int i = 0; i < s.Rank; i++) dims[i] += (int)(pads[i] + pads[i + s.Rank]);
                AddNode(name, OpKind.Pad, new PadAttributes(pads.Select(p => (int)p).ToArray(), value), new[] { n.Input[0] }, output, new TensorShape(dims));
                return;
            }
            case "Concat":
            {
                OnlyAttributes(n, "axis");
                var s0 = InShape(0);
                if (Attr(n, "axis") is null) throw Error(n, "missing axis");
                int axis = Axis(n, Int(n, "axis", 0), s0.Rank);
                var dims = s0.ToArray(); dims[axis] = 0;
                foreach (string i in n.Input)
                {
                    var s = _shapes[i];
                    if (s.Rank != s0.Rank) throw Error(n, "inputs have different ranks");
                    for (int d = 0; d < s.Rank; d++) if (d != axis && s[d] != s0[d]) throw Error(n, $"shapes {s0} and {s} differ off the concat axis");
                    dims[axis] += s[axis];
                }
                AddNode(name, OpKind.Concat, new AxisAttributes(axis), n.Input.ToArray(), output, new TensorShape(dims));
                return;
            }
            case "Reshape":
            {
                OnlyAttributes(n, "allowzero", "shape");
                long[] target = _opset < 5 ? Ints(n, "shape") ?? throw Error(n, "missing shape") : AsLongs(Const(n, 1, "shape"));
                var shape = OnnxConstantFolder.ReshapeTarget(InShape(0), target, Int(n, "allowzero", 0) != 0)
                    ?? throw Error(n, $"cannot reshape {InShape(0)} to [{string.Join(",", target)}]");
                AddReindex(n, name, OpKind.Reshape, output, shape);
                return;
            }
            case "Flatten":
            {
                OnlyAttributes(n, "axis");
                var s = InShape(0);
                long axis = Int(n, "axis", 1);
                if (axis < 0) axis += s.Rank;
                if (axis < 0 || axis > s.Rank) throw Error(n, $"axis {axis} is out of range");
                int outer = 1, inner = 1;
                for (int i = 0; i < s.Rank; i++) if (i < axis) outer *= s[i]; else inner *= s[i];
                AddReindex(n, name, OpKind.Reshape, output, new TensorShape(outer, inner));
                return;
            }
            case "Squeeze":
            case "Unsqueeze":
            {
                OnlyAttributes(n, "axes");
                long[]? axes = _opset < 13 ? Ints(n, "axes") : HasInput(n, 1) ? AsLongs(Const(n, 1, "axes")) : null;
                var shape = OnnxConstantFolder.SqueezeShape(InShape(0), axes, op == "Unsqueeze") ?? throw Error(n, $"invalid axes for shape {InShape(0)}");
                AddReindex(n, name, OpKind.Reshape, output, shape);
                return;
            }
            case "Transpose":
            {
                OnlyAttributes(n, "perm");
                var s = InShape(0);
                var perm = Ints(n, "perm")?.Select(p => Axis(n, p, s.Rank)).ToArray() ?? Enumerable.Range(0, s.Rank).Reverse().ToArray();
                if (perm.Length != s.Rank || perm.Distinct().Count() != s.Rank) throw Error(n, "perm is not a permutation of the axes");
                AddReindex(n, name, OpKind.Transpose, output, new TensorShape(perm.Select(p => s[p]).ToArray()), new TransposeAttributes(perm));
                return;
            }
            case "Slice":
            {
                OnlyAttributes(n, "starts", "ends", "axes");
                var s = InShape(0);
                var attrs = OnnxConstantFolder.SliceAttributes(this, n, s, out var shape);
                AddReindex(n, name, OpKind.Slice, output, shape, attrs);
                return;
            }
            case "Gather":
            case "GatherElements":
            {
                OnlyAttributes(n, "axis");
                var s = InShape(0);
                int axis = Axis(n, Int(n, "axis", 0), s.Rank);
                var idx = Const(n, 1, "indices");
                foreach (double v in idx.Data)
                    if (v < -s[axis] || v >= s[axis]) throw Error(n, $"index {v} is out of range for axis {axis} of size {s[axis]}");
                // Normalise negative indices once so execution never sees them.
                var norm = new Tensor<double>(idx.Shape, idx.Data.Select(v => v < 0 ? v + s[axis] : v).ToArray());
                string idxName = Fresh(n.Input[1]);
                SetConst(idxName, norm, integer: true);
                TensorShape shape;
                if (op == "Gather")
                {
                    var dims = s.ToArray()[..axis].Concat(idx.Shape.ToArray()).Concat(s.ToArray()[(axis + 1)..]).ToArray();
                    shape = new TensorShape(dims);
                }
                else
                {
                    if (idx.Shape.Rank != s.Rank) throw Error(n, "indices must have the data's rank");
                    shape = idx.Shape;
                }
                AddNode(name, Enum.Parse<OpKind>(op), new AxisAttributes(axis), new[] { n.Input[0], idxName }, output, shape);
                if (_integer.Contains(n.Input[0])) _integer.Add(output);
                return;
            }
            case "Cast":
            {
                OnlyAttributes(n, "to", "saturate");
                long to = Int(n, "to", -1);
                bool toInt = to switch
                {
                    1 or 10 or 11 or 16 => false,
                    2 or 3 or 4 or 5 or 6 or 7 or 9 or 12 or 13 => true,
                    _ => throw Error(n, $"cast to element type {to} is not supported"),
                };
                AddNode(name, OpKind.Cast, new CastAttributes(toInt), new[] { n.Input[0] }, output, InShape(0));
                if (toInt) _integer.Add(output);
                return;
            }
            case "Where":
            {
                OnlyAttributes(n);
                var s = Broadcasting.Shape(Broadcasting.Shape(InShape(0), InShape(1)) ?? throw Error(n, "shapes do not broadcast"), InShape(2))
                    ?? throw Error(n, "shapes do not broadcast");
                AddNode(name, OpKind.Where, NoAttributes.Instance, new[] { n.Input[0], n.Input[1], n.Input[2] }, output, s);
                return;
            }
            case "Expand":
            {
                OnlyAttributes(n);
                var target = AsLongs(Const(n, 1, "shape")).Select(d => checked((int)d)).ToArray();
                var s = Broadcasting.Shape(InShape(0), new TensorShape(target)) ?? throw Error(n, $"{InShape(0)} does not expand to [{string.Join(",", target)}]");
                AddReindex(n, name, OpKind.Expand, output, s);
                return;
            }
            case "Trilu":
            {
                OnlyAttributes(n, "upper");
                var s = InShape(0);
                if (s.Rank < 2) throw Error(n, "input must have rank ≥ 2");
                long k = HasInput(n, 1) ? (long)Const(n, 1, "k").Data.Single() : 0;
                AddNode(name, OpKind.Trilu, new TriluAttributes(Int(n, "upper", 1) != 0, k), new[] { n.Input[0] }, output, s);
                return;
            }
            default:
                throw Error(n, $"operator '{op}' is not supported");
        }
    }

    private void AddReindex(OnnxNode n, string name, OpKind op, string output, TensorShape shape, OpAttributes? attrs = null)
    {
        AddNode(name, op, attrs ?? NoAttributes.Instance, new[] { n.Input[0] }, output, shape);
        if (_integer.Contains(n.Input[0])) _integer.Add(output);
    }

    internal void SetConst(string name, Tensor<double> value, bool integer)
    {
        _consts[name] = value;
        _shapes[name] = value.Shape;
        if (integer) _integer.Add(name); else _integer.Remove(name);
    }

    internal bool IsIntegerEdge(string name) => _integer.Contains(name);
    internal Tensor<double> ConstOf(OnnxNode n, int i, string what) => Const(n, i, what);
    internal bool Has(OnnxNode n, int i) => HasInput(n, i);
    internal int Opset => _opset;
    internal ModelFormatException NodeError(OnnxNode n, string message) => Error(n, message);
    internal long IntAttr(OnnxNode n, string name, long fallback) => Int(n, name, fallback);
    internal long[]? IntsAttr(OnnxNode n, string name) => Ints(n, name);
    internal double FloatAttr(OnnxNode n, string name, double fallback) => Float(n, name, fallback);
    internal TensorShape ShapeOf(string name) => _shapes[name];

    private void FoldConstant(OnnxNode n)
    {
        OnlyAttributes(n, "value", "value_float", "value_floats", "value_int", "value_ints");
        var a = n.Attribute.FirstOrDefault() ?? throw Error(n, "no value");
        switch (a.Name)
        {
            case "value":
                SetConst(n.Output[0], OnnxTensorReader.Read(a.T, $"model '{_model}', node '{n.Name}'"), OnnxTensorReader.IsIntegerType(a.T.DataType));
                break;
            case "value_float": SetConst(n.Output[0], new Tensor<double>(new TensorShape(), new double[] { a.F }), false); break;
            case "value_floats": SetConst(n.Output[0], new Tensor<double>(new TensorShape(a.Floats.Count), a.Floats.Select(f => (double)f).ToArray()), false); break;
            case "value_int": SetConst(n.Output[0], new Tensor<double>(new TensorShape(), new double[] { a.I }), true); break;
            case "value_ints": SetConst(n.Output[0], new Tensor<double>(new TensorShape(a.Ints.Count), a.Ints.Select(f => (double)f).ToArray()), true); break;
        }
    }

    private (int[] pads, bool valid) ExplicitPads(OnnxNode n, int spatial)
    {
        string autoPad = Str(n, "auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID")) throw Error(n, $"auto_pad '{autoPad}' is not supported (use explicit pads)");
        var pads = Ints(n, "pads")?.Select(p => checked((int)p)).ToArray() ?? new int[2 * spatial];
        if (autoPad == "VALID") pads = new int[2 * spatial];
        if (pads.Length != 2 * spatial) throw Error(n, $"{pads.Length} pads for {spatial} spatial axes");
        if (pads.Any(p => p < 0)) throw Error(n, "negative pads are not supported");
        return (pads, autoPad == "VALID");
    }

    private int[] PerAxis(OnnxNode n, string attr, int spatial)
    {
        var v = Ints(n, attr)?.Select(p => checked((int)p)).ToArray() ?? Enumerable.Repeat(1, spatial).ToArray();
        if (v.Length != spatial) throw Error(n, $"'{attr}' has {v.Length} entries for {spatial} spatial axes");
        if (v.Any(x => x < 1)) throw Error(n, $"'{attr}' must be positive");
        return v;
    }

    private void ImportConv(OnnxNode n, string name, string output, bool transpose)
    {
        OnlyAttributes(n, "auto_pad", "dilations", "group", "kernel_shape", "pads", "strides", "output_padding");
        if (Attr(n, "output_shape") is not null) throw Error(n, "output_shape is not supported (use pads)");
        var x = _shapes[n.Input[0]];
        var w = _shapes[n.Input[1]];
        if (x.Rank is < 3 or > 4 || w.Rank != x.Rank) throw Error(n, $"only 1-D and 2-D convolutions are supported (input {x}, weight {w})");
        int spatial = x.Rank - 2;
        int group = checked((int)Int(n, "group", 1));
        var kernel = w.ToArray()[2..];
        var ks = Ints(n, "kernel_shape");
        if (ks is not null && !ks.Select(k => (int)k).SequenceEqual(kernel)) throw Error(n, "kernel_shape differs from the weight's shape");
        var strides = PerAxis(n, "strides", spatial);
        var dil = PerAxis(n, "dilations", spatial);
        var (pads, _) = ExplicitPads(n, spatial);
        var outPad = Ints(n, "output_padding")?.Select(p => (int)p).ToArray() ?? new int[spatial];
        if (!transpose && Attr(n, "output_padding") is not null) throw Error(n, "attribute 'output_padding' is not supported");
        if (outPad.Length != spatial) throw Error(n, "output_padding has the wrong length");
        int c = x[1];
        if (group < 1 || c % group != 0) throw Error(n, $"group {group} does not divide {c} input channels");
        int outC;
        if (!transpose)
        {
            if (w[1] * group != c) throw Error(n, $"weight {w} does not match {c} input channels in {group} groups");
            outC = w[0];
            if (outC % group != 0) throw Error(n, $"group {group} does not divide {outC} output channels");
        }
        else
        {
            if (w[0] != c) throw Error(n, $"weight {w} does not match {c} input channels");
            outC = w[1] * group;
        }
        var dims = new int[x.Rank];
        dims[0] = x[0]; dims[1] = outC;
        for (int i = 0; i < spatial; i++)
        {
            int eff = dil[i] * (kernel[i] - 1) + 1;
            long o = transpose
                ? (long)strides[i] * (x[2 + i] - 1) + outPad[i] + eff - pads[i] - pads[i + spatial]
                : ((long)x[2 + i] + pads[i] + pads[i + spatial] - eff) / strides[i] + 1;
            if (o < 1 || (!transpose && x[2 + i] + pads[i] + pads[i + spatial] < eff)) throw Error(n, "the kernel is larger than the padded input");
            dims[2 + i] = (int)o;
        }
        var inputs = new List<string> { n.Input[0], n.Input[1] };
        if (HasInput(n, 2))
        {
            if (!_shapes[n.Input[2]].Equals(new TensorShape(outC))) throw Error(n, $"bias must have shape [{outC}]");
            inputs.Add(n.Input[2]);
        }
        AddNode(name, transpose ? OpKind.ConvTranspose : OpKind.Conv, new ConvAttributes(kernel, strides, pads, dil, group, outPad), inputs, output, new TensorShape(dims));
    }

    private void ImportPool(OnnxNode n, string name, string output, bool max)
    {
        OnlyAttributes(n, "auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides", "dilations", "storage_order");
        if (n.Output.Count > 1 && n.Output[1].Length > 0) throw Error(n, "the Indices output is not supported");
        if (Int(n, "ceil_mode", 0) != 0) throw Error(n, "ceil_mode 1 is not supported");
        if (Int(n, "storage_order", 0) != 0) throw Error(n, "storage_order 1 is not supported");
        var x = _shapes[n.Input[0]];
        if (x.Rank < 3) throw Error(n, $"input must be N×C×spatial, got {x}");
        int spatial = x.Rank - 2;
        var kernel = Ints(n, "kernel_shape")?.Select(k => checked((int)k)).ToArray() ?? throw Error(n, "missing kernel_shape");
        if (kernel.Length != spatial || kernel.Any(k => k < 1)) throw Error(n, "kernel_shape does not match the input");
        var strides = PerAxis(n, "strides", spatial);
        var dil = PerAxis(n, "dilations", spatial);
        if (!max && dil.Any(d => d != 1)) throw Error(n, "dilations are not supported for AveragePool");
        var (pads, _) = ExplicitPads(n, spatial);
        var dims = x.ToArray();
        for (int i = 0; i < spatial; i++)
        {
            int eff = dil[i] * (kernel[i] - 1) + 1;
            int padded = x[2 + i] + pads[i] + pads[i + spatial];
            if (padded < eff) throw Error(n, "the kernel is larger than the padded input");
            dims[2 + i] = (padded - eff) / strides[i] + 1;
        }
        bool includePad = Int(n, "count_include_pad", 0) != 0;
        AddNode(name, max ? OpKind.MaxPool : OpKind.AveragePool, new PoolAttributes(kernel, strides, pads, dil, includePad), new[] { n.Input[0] }, output, new TensorShape(dims));
    }

    private void ImportBatchNorm(OnnxNode n, string name, string output)
    {
        OnlyAttributes(n, "epsilon", "momentum", "spatial", "is_test", "training_mode");
        if (Int(n, "training_mode", 0) != 0) throw Error(n, "training mode is not supported");
        if (Int(n, "spatial", 1) != 1) throw Error(n, "spatial 0 is not supported");
        var x = _shapes[n.Input[0]];
        if (x.Rank < 2) throw Error(n, $"input must be N×C×…, got {x}");
        int c = x[1];
        var gamma = Const(n, 1, "scale"); var beta = Const(n, 2, "B"); var mean = Const(n, 3, "mean"); var variance = Const(n, 4, "var");
        foreach (var t in new[] { gamma, beta, mean, variance })
            if (t.Shape.Size != c) throw Error(n, $"parameters must have {c} entries");
        double eps = Float(n, "epsilon", 1e-5);
        var a = new double[c]; var b = new double[c];
        for (int i = 0; i < c; i++)
        {
            a[i] = gamma.Data[i] / Math.Sqrt(variance.Data[i] + eps);
            b[i] = beta.Data[i] - mean.Data[i] * a[i];
        }
        // Fold into the producing Conv when it feeds nothing else: W' = a·W, bias' = a·bias + b.
        int producer = _nodes.FindLastIndex(p => p.Outputs.Contains(n.Input[0]));
        if (producer >= 0 && _nodes[producer] is { Op: OpKind.Conv } conv && !_nodes.Any(p => p != conv && p.Inputs.Contains(n.Input[0]))
            && _consts.TryGetValue(conv.Inputs[1], out var w) && (conv.Inputs.Count < 3 || _consts.ContainsKey(conv.Inputs[2])))
        {
            int per = w.Shape.Size / c;
            var w2 = new double[w.Data.Length];
            for (int i = 0; i < w2.Length; i++) w2[i] = w.Data[i] * a[i / per];
            var bias = new double[c];
            for (int i = 0; i < c; i++) bias[i] = (conv.Inputs.Count > 2 ? _consts[conv.Inputs[2]].Data[i] : 0) * a[i] + b[i];
            string wName = Fresh(conv.Inputs[1]), bName = Fresh(conv.Inputs.Count > 2 ? conv.Inputs[2] : conv.Name + "/bias");
            SetConst(wName, new Tensor<double>(w.Shape, w2), false);
            SetConst(bName, new Tensor<double>(new TensorShape(c), bias), false);
            _nodes[producer] = conv with { Inputs = new[] { conv.Inputs[0], wName, bName }, Outputs = new[] { output } };
            _shapes[output] = x;
            return;
        }
        var bshape = new int[x.Rank - 1]; bshape[0] = c; for (int i = 1; i < bshape.Length; i++) bshape[i] = 1;
        string aName = Fresh(name + "/scale"), bName2 = Fresh(name + "/shift"), mid = Fresh(output);
        SetConst(aName, new Tensor<double>(new TensorShape(bshape), a), false);
        SetConst(bName2, new Tensor<double>(new TensorShape(bshape), b), false);
        AddNode(name + "/mul", OpKind.Mul, NoAttributes.Instance, new[] { n.Input[0], aName }, mid, x);
        AddNode(name, OpKind.Add, NoAttributes.Instance, new[] { mid, bName2 }, output, x);
    }
}
