namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>What a live view draws: a line per device and the overall bar (done of total, ETA when it can be guessed).</summary>
public sealed record ChunkProgressSnapshot(IReadOnlyList<DeviceProgressLine> Devices, int Done, int Total, int Failures, double? EtaMs)
{
    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}
