using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>ONNX Runtime as the float reference: runs a model on real inputs and returns every output flattened.</summary>
internal static class OrtReference
{
    public static IReadOnlyList<float[]> Run(byte[] model, IReadOnlyList<(float[] Data, int[] Shape)> inputs)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model, options);
        var names = session.InputMetadata.Keys.ToList();
        var feeds = inputs.Select((x, i) => NamedOnnxValue.CreateFromTensor(names[i], new DenseTensor<float>(x.Data, x.Shape))).ToList();
        using var results = session.Run(feeds);
        return results.Select(r => r.Value switch
        {
            DenseTensor<float> f => f.ToArray(),
            DenseTensor<long> l => l.ToArray().Select(v => (float)v).ToArray(),
            DenseTensor<bool> b => b.ToArray().Select(v => v ? 1f : 0f).ToArray(),
            _ => throw new InvalidOperationException($"unexpected output type {r.Value.GetType()}"),
        }).ToList();
    }
}
