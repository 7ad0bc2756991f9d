namespace ZkmlGpu.Zkml.Model;

/// <summary>
/// A synthetic multilayer perceptron for scale measurements: <c>layers</c> × (Gemm width×width, Relu), every Gemm
/// sharing one seeded weight matrix and bias, so a model of any row count can be built in memory without a file and
/// equal chunks of it share one key. Weights are He-scaled so activations neither vanish nor grow across layers.
/// </summary>
public static class SyntheticMlp
{
    public static ModelGraph Build(int layers, int width, int seed = 1)
    {
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), $"layers must be at least 1; got {layers}");
        if (width is < 1 or > 4096) throw new ArgumentOutOfRangeException(nameof(width), $"width must lie in 1..4096; got {width}");
        var random = new Random(seed);
        double bound = Math.Sqrt(6.0 / width);
        var weights = new double[width * width];
        for (int i = 0; i < weights.Length; i++) weights[i] = (random.NextDouble() * 2 - 1) * bound;
        var bias = new double[width];
        for (int i = 0; i < width; i++) bias[i] = (random.NextDouble() * 2 - 1) * 0.05;

        var row = new TensorShape(1, width);
        var values = new Dictionary<string, ValueInfo> { ["x0"] = new("x0", row) };
        var nodes = new List<Node>(2 * layers);
        var gemm = new GemmAttributes(1, 1, false, false);
        for (int l = 0; l < layers; l++)
        {
            string input = $"x{l}", product = $"gemm{l}", output = $"x{l + 1}";
            nodes.Add(new Node(product, OpKind.Gemm, gemm, [input, "w", "b"], [product]));
            nodes.Add(new Node($"relu{l}", OpKind.Relu, NoAttributes.Instance, [product], [output]));
            values[product] = new(product, row);
            values[output] = new(output, row);
        }
        var constants = new Dictionary<string, Tensor<double>>
        {
            ["w"] = new(new TensorShape(width, width), weights),
            ["b"] = new(new TensorShape(width), bias),
        };
        values["w"] = new("w", new TensorShape(width, width));
        values["b"] = new("b", new TensorShape(width));
        return new ModelGraph($"synthetic-mlp-{layers}x{width}", ["x0"], [$"x{layers}"], nodes, values, constants);
    }
}
