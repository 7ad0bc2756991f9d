using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>The integer rule of <see cref="OpKind.ZkmlLayer"/> nodes, dispatched to <see cref="ZkmlKernels"/> by zkml layer type.</summary>
public static class ZkmlLayerOps
{
    /// <param name="declared">the output edge's shape: Reshape's target, and checked against every other result</param>
    public static Tensor<long> Execute(Node node, Tensor<long>[] x, TensorShape declared)
    {
        if (node.Attributes is not ZkmlLayerAttributes a)
            throw new ModelFormatException($"node '{node.Name}': a ZkmlLayer node needs ZkmlLayerAttributes");
        Tensor<long> Arg(int i) => i < x.Length ? x[i] : throw new ModelFormatException($"node '{node.Name}': missing input {i}");
        Tensor<long>? Optional(int i) => i < x.Length ? x[i] : null;
        var fp = new ZkmlFixedPoint(a.ScaleFactor, a.K);
        Tensor<long> y;
        try
        {
            y = a.LayerType switch
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
        }
        catch (ModelExecutionException e)
        {
            throw new ModelExecutionException($"node '{node.Name}': {e.Message}");
        }
        if (!y.Shape.Equals(declared))
            throw new ModelFormatException($"node '{node.Name}' produces {y.Shape} but its output edge declares {declared}");
        return y;
    }
}
