namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>One device's share of a run: chunks finished and failed, time proving, learned speed (cost units per ms, null if it finished none), whether it was retired.</summary>
public sealed record DeviceReportRow(string Device, int Chunks, int Failures, double ProveMs, double? Speed, bool Retired = false);
