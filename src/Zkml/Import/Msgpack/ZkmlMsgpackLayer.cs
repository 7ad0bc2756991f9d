namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>One entry of zkml's `layers[]`; <see cref="Params"/> are interpreted per <see cref="LayerType"/>.</summary>
public sealed record ZkmlMsgpackLayer(
    string LayerType,
    long[] Params,
    long[] InputIndices,
    int[][] InputShapes,
    long[] OutputIndices,
    int[][] OutputShapes,
    long[] Mask);
