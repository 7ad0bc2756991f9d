namespace ZkmlGpu.Zkml.Model;

/// <summary>
/// One edge of the graph: its name, static shape and fixed-point scale (value = integer / 2^Scale). Scale is null on
/// a freshly imported real-valued graph and set on every edge once quantized. Integer-valued edges (indices, masks,
/// ArgMax results) have scale 0.
/// </summary>
public sealed record ValueInfo(string Name, TensorShape Shape, int? Scale = null);
