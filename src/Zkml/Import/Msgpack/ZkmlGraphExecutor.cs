using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// Exact integer execution of graphs imported from zkml msgpack (ops <see cref="OpKind.ZkmlLayer"/>, Add, Sub),
/// node by node in order. Every produced tensor is checked against the shape its edge declares.
/// </summary>
public static class ZkmlGraphExecutor
{
    /// <summary>Runs the graph; returns every edge's value (constants, inputs, intermediates) by name.</summary>
    public static Dictionary<string, Tensor<long>> Run(ModelGraph graph, IReadOnlyDictionary<string, Tensor<long>> inputs)
    {
        var values = new Dictionary<string, Tensor<long>>(graph.FixedConstants);
        foreach (string input in graph.Inputs)
        {
            if (!inputs.TryGetValue(input, out var given))
                throw new ModelExecutionException($"missing input '{input}' (shape {graph[input].Shape})");
            var shape = graph[input].Shape;
            if (given.Data.Length != shape.Size)
                throw new ModelExecutionException($"input '{input}' has {given.Data.Length} values; the model expects {shape} ({shape.Size})");
            values[input] = new Tensor<long>(shape, given.Data);
        }
        foreach (var node in graph.Nodes)
        {
            var args = node.Inputs.Select(n => values.TryGetValue(n, out var t) ? t
                : throw new ModelFormatException($"node '{node.Name}' reads '{n}', which has no value")).ToArray();
            string output = node.Outputs[0];
            var declared = graph[output].Shape;
            var result = RunNode(node, args, declared);
            if (!result.Shape.Equals(declared))
                throw new ModelFormatException($"node '{node.Name}' produces {result.Shape} but its edge '{output}' declares {declared}");
            values[output] = result;
        }
        return values;
    }

    /// <param name="declared">the output edge's shape, which Reshape takes as its target</param>
    public static Tensor<long> RunNode(Node node, Tensor<long>[] x, TensorShape declared)
    {
        Tensor<long> Arg(int i) => i < x.Length ? x[i] : throw new ModelFormatException($"node '{node.Name}': missing input {i}");
        Tensor<long>? Optional(int i) => i < x.Length ? x[i] : null;
        try
        {
            switch (node.Op, node.Attributes)
            {
                case (OpKind.Add, _): return ZkmlKernels.Add(Arg(0), Arg(1), [], default);
                case (OpKind.Sub, _): return ZkmlKernels.Sub(Arg(0), Arg(1));
                case (OpKind.ZkmlLayer, ZkmlLayerAttributes a):
                    var fp = new ZkmlFixedPoint(a.ScaleFactor, a.K);
                    return a.LayerType switch
                    {
                        "Conv2D" => ZkmlKernels.Conv2D(Arg(0), Arg(1), Optional(2), a.Params, fp),
                        "AveragePool2D" => ZkmlKernels.AvgPool2D(Arg(0), a.Params, fp),
                        "MaxPool2D" => ZkmlKernels.MaxPool2D(Arg(0), a.Params),
                        "Add" => ZkmlKernels.Add(Arg(0), Arg(1), a.Params, fp),
                        "Sub" => ZkmlKernels.Sub(Arg(0), Arg(1)),
                        "Mul" => ZkmlKernels.Mul(Arg(0), Arg(1), fp),
                        "FullyConnected" => ZkmlKernels.FullyConnected(Arg(0), Arg(1), Optional(2), a.Params, fp),
                        "Reshape" => ZkmlKernels.Reshape(Arg(0), declared.ToArray()),
                        _ => throw new ModelFormatException($"node '{node.Name}': zkml layer '{a.LayerType}' is not supported"),
                    };
                default:
                    throw new ModelFormatException($"node '{node.Name}': op {node.Op} is not part of a zkml graph");
            }
        }
        catch (OverflowException)
        {
            throw new ModelExecutionException($"node '{node.Name}': a value overflows 64 bits");
        }
    }
}
