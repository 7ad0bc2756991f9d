namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>One entry of zkml's `tensors[]` (or of an input file): fixed-point integers at the model's scale.</summary>
public sealed record ZkmlMsgpackTensor(long Index, int[] Shape, long[] Data);
