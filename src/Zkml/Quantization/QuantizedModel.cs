using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Quantization;

/// <summary>A quantized graph (scale on every edge, integer constants) with the settings that produced it.</summary>
public sealed record QuantizedModel(ModelGraph Graph, Settings Settings)
{
    public int ScaleOf(string edge) => Graph[edge].Scale ?? throw new InvalidOperationException($"edge '{edge}' has no scale");
}
