namespace ZkmlGpu.Cluster.Messages;

/// <summary>A verified chunk proof as the job keeps it: the device that made it, the proof bytes and its proving time.</summary>
[GenerateSerializer]
public sealed class FinishedChunk
{
    [Id(0)] public string Device { get; set; } = "";
    [Id(1)] public byte[] Proof { get; set; } = [];
    [Id(2)] public double ProveMs { get; set; }
}
