namespace ZkmlGpu.Cluster.Messages;

/// <summary>A device a worker offers: its name there ("cpu", "cuda:0"), memory, speed hint (cost units per ms) and the chunk it runs (−1: idle).</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerDeviceInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] long MemoryBytes,
    [property: Id(2)] double? SpeedHint,
    [property: Id(3)] int RunningChunk,
    [property: Id(4)] int ChunksDone);
