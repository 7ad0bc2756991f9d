namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// zkml's model file as written by its converter: every value is a fixed-point integer at scale
/// <see cref="GlobalScale"/>; <see cref="K"/> sizes its lookup tables (2^K rows).
/// </summary>
public sealed record ZkmlMsgpackModel(
    long GlobalScale,
    int K,
    int NumColumns,
    long[] InputIndices,
    long[] OutputIndices,
    IReadOnlyList<ZkmlMsgpackLayer> Layers,
    IReadOnlyList<ZkmlMsgpackTensor> Tensors);
