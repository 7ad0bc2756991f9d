namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>One chunk of the summary table and of the --report JSON.</summary>
public sealed record ChunkReportRow(int Chunk, string Device, double Cost, double KeygenMs, bool KeyShared, double WitnessMs, double ProveMs, IReadOnlyList<string> FailedOn, bool Resumed);
