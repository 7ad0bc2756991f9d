namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>One device's line in a live progress view: the chunk it works on (null when idle), its phase, and for how long.</summary>
public sealed record DeviceProgressLine(string Device, int? Chunk, string? Phase, double ElapsedMs, int Done, int Failed);
