using System.Numerics;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// Turns a zkml msgpack model into a <see cref="ModelGraph"/>. zkml's values are already fixed point, so the graph
/// comes out quantized: every edge has scale log2(global_sf) and the weights land in
/// <see cref="ModelGraph.FixedConstants"/>. Add and Sub without activation are plain integer ops and map onto
/// <see cref="OpKind.Add"/> / <see cref="OpKind.Sub"/>; every other layer keeps zkml's rounding as
/// <see cref="OpKind.ZkmlLayer"/>. Edges are named <c>t{idx}</c> after zkml's tensor indices.
/// </summary>
public static class ZkmlMsgpackImporter
{
    public static readonly IReadOnlySet<string> SupportedLayers = new HashSet<string>(StringComparer.Ordinal)
    {
        "Conv2D", "AveragePool2D", "MaxPool2D", "Add", "Sub", "Mul", "FullyConnected", "Reshape",
    };

    public static string EdgeName(long idx) => $"t{idx}";

    public static ModelGraph Import(string path) =>
        Import(ZkmlMsgpackReader.ReadModel(path), Path.GetFileName(path));

    /// <summary>The model as it stands: already quantized, with settings taken from zkml's header.</summary>
    public static QuantizedModel ImportQuantized(string path) =>
        ImportQuantized(ZkmlMsgpackReader.ReadModel(path), Path.GetFileName(path));

    public static QuantizedModel ImportQuantized(ZkmlMsgpackModel model, string name)
    {
        var graph = Import(model, name);
        int scale = BitOperations.Log2((ulong)model.GlobalScale);
        var fp = new ZkmlFixedPoint(model.GlobalScale, model.K);
        var settings = new Settings
        {
            InputScale = scale,
            ParamScale = scale,
            LookupMin = fp.LookupMin,
            LookupMax = fp.LookupMax,
            NumColumns = model.NumColumns,
            LogRows = model.K,
            Scales = graph.Values.ToDictionary(v => v.Key, v => v.Value.Scale ?? scale),
        };
        return new QuantizedModel(graph, settings);
    }

    public static ModelGraph Import(ZkmlMsgpackModel model, string name)
    {
        long sf = model.GlobalScale;
        if (!BitOperations.IsPow2(sf))
            throw new ModelFormatException($"zkml model '{name}': global_sf {sf} is not a power of two");
        int scale = BitOperations.Log2((ulong)sf);

        var values = new Dictionary<string, ValueInfo>();
        var fixedConstants = new Dictionary<string, Tensor<long>>();
        void AddValue(long idx, int[] dims)
        {
            string edge = EdgeName(idx);
            ZkmlMsgpackReader.Elements(dims, $"zkml model '{name}': tensor {idx}");
            values[edge] = new ValueInfo(edge, new TensorShape(dims), scale);
        }

        foreach (var t in model.Tensors)
        {
            if (model.InputIndices.Contains(t.Index)) continue; // an input baked into the file is still an input
            AddValue(t.Index, t.Shape);
            fixedConstants[EdgeName(t.Index)] = new Tensor<long>(new TensorShape(t.Shape), t.Data);
        }
        foreach (long idx in model.InputIndices)
            AddValue(idx, InputShape(model, idx) ?? throw new ModelFormatException($"zkml model '{name}': input {idx} is read by no layer"));

        var nodes = new List<Node>(model.Layers.Count);
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            string nodeName = $"{i}:{layer.LayerType}";
            if (!SupportedLayers.Contains(layer.LayerType))
                throw new ModelFormatException($"zkml model '{name}': layer {nodeName} is not supported (supported: {string.Join(", ", SupportedLayers)})");
            if (layer.OutputIndices.Length != 1 || layer.OutputShapes.Length != 1)
                throw new ModelFormatException($"zkml model '{name}': layer {nodeName} must have exactly one output");
            if (layer.InputIndices.Length == 0)
                throw new ModelFormatException($"zkml model '{name}': layer {nodeName} has no inputs");
            AddValue(layer.OutputIndices[0], layer.OutputShapes[0]);

            // Reshape's second input is the target-shape tensor, which zkml's converter does not ship.
            var inputs = layer.LayerType == "Reshape" ? layer.InputIndices[..1] : layer.InputIndices;
            bool plain = layer.LayerType is "Add" or "Sub" && (layer.Params.Length == 0 || layer.Params[0] == 0);
            var op = !plain ? OpKind.ZkmlLayer : layer.LayerType == "Add" ? OpKind.Add : OpKind.Sub;
            OpAttributes attrs = plain ? NoAttributes.Instance : new ZkmlLayerAttributes(layer.LayerType, layer.Params, sf, model.K);
            nodes.Add(new Node(nodeName, op, attrs, inputs.Select(EdgeName).ToArray(), [EdgeName(layer.OutputIndices[0])]));
        }

        return new ModelGraph(name,
            model.InputIndices.Select(EdgeName).ToArray(), model.OutputIndices.Select(EdgeName).ToArray(),
            nodes, values, new Dictionary<string, Tensor<double>>(), fixedConstants);
    }

    /// <summary>The shape the first reading layer declares for a graph input (as zkml's input converter does).</summary>
    public static int[]? InputShape(ZkmlMsgpackModel model, long idx)
    {
        foreach (var layer in model.Layers)
            for (int i = 0; i < layer.InputIndices.Length && i < layer.InputShapes.Length; i++)
                if (layer.InputIndices[i] == idx) return layer.InputShapes[i];
        return null;
    }
}
