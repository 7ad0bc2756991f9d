namespace ZkmlGpu.Cluster.Messages;

/// <summary>A job's persisted state: its header and the chunks verified so far (by index).</summary>
[GenerateSerializer]
public sealed class ClusterJobState
{
    [Id(0)] public ClusterJobHeader? Header { get; set; }
    [Id(1)] public Dictionary<int, FinishedChunk> Finished { get; set; } = [];
}
