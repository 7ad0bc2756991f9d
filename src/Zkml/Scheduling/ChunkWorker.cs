using ZkmlGpu.Gpu;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// A device jobs can run on, one job at a time. <see cref="Name"/> identifies it ("cuda:1", or "host/cuda:0" in a
/// cluster); <see cref="MemoryBytes"/> is its capacity, <see cref="FreeMemory"/> (when given) what is free right
/// now, checked before each placement. <see cref="SpeedHint"/> (cost units per ms) seeds placement until the
/// device's speed has been learned from jobs it finished.
/// </summary>
public sealed record ChunkWorker(string Name, long MemoryBytes)
{
    public DeviceSpec? Spec { get; init; }
    public Func<long>? FreeMemory { get; init; }
    public double? SpeedHint { get; init; }

    public static ChunkWorker For(DeviceSpec spec, long memoryBytes) => new(spec.ToString(), memoryBytes) { Spec = spec };

    public override string ToString() => Name;
}
