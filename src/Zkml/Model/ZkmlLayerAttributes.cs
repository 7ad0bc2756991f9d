namespace ZkmlGpu.Zkml.Model;

/// <summary>
/// A layer of a zkml msgpack model kept with zkml's own semantics (<see cref="OpKind.ZkmlLayer"/>): NHWC layout,
/// round-half-up rescaling by <see cref="ScaleFactor"/>, conv bias added after the rescale, fused activations,
/// and values range-checked against zkml's 2^K-row lookup tables. <see cref="Params"/> are zkml's per-layer params.
/// </summary>
public sealed record ZkmlLayerAttributes(string LayerType, long[] Params, long ScaleFactor, int K) : OpAttributes;
