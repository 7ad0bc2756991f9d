using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Quantization;

/// <summary>
/// Turns a real-valued <see cref="ModelGraph"/> into fixed point, as EZKL does: inputs at InputScale, multiplicative
/// constants at ParamScale, additive constants at the scale of what they are added to (biases at the product's
/// scale), products at the sum of their operands' scales, and a Rescale node after any op whose output scale exceeds
/// InputScale · RebaseMultiplier, back to InputScale. Non-linear ops keep their input's scale.
/// </summary>
public static class Quantizer
{
    public static QuantizedModel Quantize(ModelGraph graph, Settings settings)
    {
        settings.Validate();
        var s = settings.Clone();
        var values = new Dictionary<string, ValueInfo>();
        var fixedConsts = new Dictionary<string, Tensor<long>>(graph.FixedConstants);
        var nodes = new List<Node>();
        var scales = new Dictionary<string, int>();
        long limit = 1L << s.MaxValueBits;
        int maxScale = s.InputScale * s.RebaseMultiplier;

        foreach (string i in graph.Inputs) { scales[i] = s.InputScale; values[i] = graph[i] with { Scale = s.InputScale }; }
        foreach (var (name, _) in graph.FixedConstants) { scales[name] = graph[name].Scale ?? 0; values[name] = graph[name] with { Scale = scales[name] }; }

        string Fixed(Node node, string name, int scale)
        {
            if (graph.Constants.TryGetValue(name, out var t)) return FixedFrom(node, name, $"{name}@{scale}", t, scale);
            if (graph.FixedConstants.ContainsKey(name)) return name;
            throw new ModelFormatException($"model '{graph.Name}', node '{node.Name}' ({node.Op}): '{name}' must be a constant");
        }

        // A constant multiplied by a real factor before quantization (Gemm's alpha and beta).
        string FixedScaled(Node node, string name, double factor, int scale)
        {
            var t = graph.Constants[name];
            return FixedFrom(node, name, $"{name}*{factor}@{scale}", new Tensor<double>(t.Shape, t.Data.Select(v => v * factor).ToArray()), scale);
        }

        string FixedFrom(Node node, string name, string key, Tensor<double> t, int scale)
        {
            if (fixedConsts.ContainsKey(key)) return key;
            var data = new long[t.Data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                double q = FixedPoint.Quantize(t.Data[i], scale);
                if (!(Math.Abs(q) < limit))
                    throw new ModelExecutionException($"model '{graph.Name}', node '{node.Name}' ({node.Op}): constant '{name}' value {t.Data[i]} at scale {scale} is outside ±2^{s.MaxValueBits}");
                data[i] = (long)q;
            }
            fixedConsts[key] = new Tensor<long>(t.Shape, data);
            values[key] = new ValueInfo(key, t.Shape, scale);
            scales[key] = scale;
            return key;
        }

        // Scale of an operand that is not a weight: a constant takes the scale of the first non-constant operand.
        int VarScale(Node node) => node.Inputs.Where(i => scales.ContainsKey(i) && !graph.Constants.ContainsKey(i)).Select(i => scales[i]).DefaultIfEmpty(s.ParamScale).Max();

        foreach (var node in graph.Nodes)
        {
            var inputs = node.Inputs.ToArray();
            var attrs = node.Attributes;
            int outScale;
            string Operand(int i, int scale) => graph.Constants.ContainsKey(inputs[i]) ? Fixed(node, inputs[i], scale) : inputs[i];
            switch (node.Op)
            {
                case OpKind.Gemm:
                {
                    var g = (GemmAttributes)attrs;
                    if (g.Alpha != 1 && !graph.Constants.ContainsKey(inputs[1]))
                        throw Unsupported(graph, node, "alpha ≠ 1 with a non-constant B");
                    if (g.Beta != 1 && inputs.Length > 2 && !graph.Constants.ContainsKey(inputs[2]))
                        throw Unsupported(graph, node, "beta ≠ 1 with a non-constant C");
                    // Fold alpha into B and beta into C so the integer rule is plain A·B + C.
                    inputs[1] = graph.Constants.ContainsKey(inputs[1]) && g.Alpha != 1 ? FixedScaled(node, inputs[1], g.Alpha, s.ParamScale) : Operand(1, s.ParamScale);
                    inputs[0] = Operand(0, s.ParamScale);
                    outScale = scales[inputs[0]] + scales[inputs[1]];
                    if (inputs.Length > 2)
                        inputs[2] = graph.Constants.ContainsKey(inputs[2]) && g.Beta != 1 ? FixedScaled(node, inputs[2], g.Beta, outScale) : Operand(2, outScale);
                    if (inputs.Length > 2 && scales[inputs[2]] != outScale) throw Unsupported(graph, node, "a non-constant C at another scale than A·B");
                    attrs = g with { Alpha = 1, Beta = 1 };
                    break;
                }
                case OpKind.MatMul:
                case OpKind.Mul:
                    inputs[0] = Operand(0, s.ParamScale);
                    inputs[1] = Operand(1, s.ParamScale);
                    outScale = scales[inputs[0]] + scales[inputs[1]];
                    break;
                case OpKind.Conv:
                case OpKind.ConvTranspose:
                    inputs[0] = Operand(0, s.ParamScale);
                    inputs[1] = Operand(1, s.ParamScale);
                    outScale = scales[inputs[0]] + scales[inputs[1]];
                    if (inputs.Length > 2) inputs[2] = Operand(2, outScale);
                    if (inputs.Length > 2 && scales[inputs[2]] != outScale) throw Unsupported(graph, node, "a non-constant bias");
                    break;
                case OpKind.Div:
                    // round(a · 2^s_b / b) keeps a's scale; a constant divisor is held at ParamScale.
                    inputs[0] = Operand(0, VarScale(node));
                    inputs[1] = Operand(1, s.ParamScale);
                    outScale = scales[inputs[0]];
                    break;
                case OpKind.PRelu:
                    inputs[1] = Operand(1, s.ParamScale);
                    outScale = scales[inputs[0]];
                    break;
                case OpKind.Add:
                case OpKind.Sub:
                case OpKind.Max:
                case OpKind.Min:
                case OpKind.Less:
                case OpKind.Greater:
                case OpKind.Equal:
                case OpKind.Concat:
                {
                    int vs = VarScale(node);
                    for (int i = 0; i < inputs.Length; i++) inputs[i] = Operand(i, vs);
                    outScale = node.Op is OpKind.Less or OpKind.Greater or OpKind.Equal ? 0 : inputs.Max(i => scales[i]);
                    break;
                }
                case OpKind.Where:
                {
                    // The condition is a 0/1 mask; the two branches meet at the larger scale.
                    inputs[0] = Operand(0, 0);
                    int vs = new[] { 1, 2 }.Where(i => !graph.Constants.ContainsKey(inputs[i])).Select(i => scales[inputs[i]]).DefaultIfEmpty(s.InputScale).Max();
                    inputs[1] = Operand(1, vs);
                    inputs[2] = Operand(2, vs);
                    outScale = Math.Max(scales[inputs[1]], scales[inputs[2]]);
                    break;
                }
                case OpKind.ArgMax:
                    inputs[0] = Operand(0, s.InputScale);
                    outScale = 0;
                    break;
                case OpKind.Cast when ((CastAttributes)attrs).ToInteger:
                    inputs[0] = Operand(0, s.InputScale);
                    outScale = 0;
                    break;
                case OpKind.Gather:
                case OpKind.GatherElements:
                    inputs[0] = Operand(0, s.InputScale);
                    inputs[1] = Fixed(node, inputs[1], 0);
                    outScale = scales[inputs[0]];
                    break;
                case OpKind.Rescale:
                    outScale = scales[inputs[0]] - ((RescaleAttributes)attrs).Shift;
                    break;
                default:
                    if (inputs.Length != 1) throw Unsupported(graph, node, $"{inputs.Length} inputs");
                    inputs[0] = Operand(0, s.InputScale);
                    outScale = scales[inputs[0]];
                    break;
            }

            string output = node.Outputs[0];
            var shape = graph[output].Shape;
            if (outScale > maxScale && node.Op != OpKind.Rescale)
            {
                string raw = output + "#raw";
                nodes.Add(node with { Attributes = attrs, Inputs = inputs, Outputs = new[] { raw } });
                values[raw] = new ValueInfo(raw, shape, outScale);
                scales[raw] = outScale;
                nodes.Add(new Node(node.Name + "/rescale", OpKind.Rescale, new RescaleAttributes(outScale - s.InputScale), new[] { raw }, new[] { output }));
                outScale = s.InputScale;
            }
            else nodes.Add(node with { Attributes = attrs, Inputs = inputs });
            values[output] = new ValueInfo(output, shape, outScale);
            scales[output] = outScale;
        }

        foreach (var (name, v) in values) s.Scales[name] = v.Scale!.Value;
        var q = new ModelGraph(graph.Name, graph.Inputs, graph.Outputs, nodes, values, new Dictionary<string, Tensor<double>>(), fixedConsts);
        s.LogRows = CircuitSize.EstimateLogRows(q, s);
        return new QuantizedModel(q, s);
    }

    private static ModelFormatException Unsupported(ModelGraph g, Node n, string what) =>
        new($"model '{g.Name}', node '{n.Name}' ({n.Op}): {what} is not supported");
}
