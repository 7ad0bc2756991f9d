namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>One job's place in a plan: device index and expected start and end (ms, on the planner's clock).</summary>
public readonly record struct PlannedChunk(ChunkJob Job, int Device, double Start, double End);
