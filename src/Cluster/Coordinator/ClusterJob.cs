using ZkmlGpu.Cluster.Messages;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Coordinator;

/// <summary>
/// A job for <see cref="ClusterCoordinator"/>: the model as sent to workers, the coordinator's own key set (its
/// verifying keys check every proof on arrival), the model's activations on the input and the run's salts.
/// </summary>
public sealed record ClusterJob
{
    public required string JobId { get; init; }
    public required ModelBlob Model { get; init; }
    public required ChunkKeySet Keys { get; init; }
    public required Activations Activations { get; init; }
    public required ChunkSecrets Secrets { get; init; }
    public required string SrsDigest { get; init; }

    /// <summary>Pick up a persisted job: its verified chunks are kept, not proven again.</summary>
    public bool Resume { get; init; }

    /// <summary>Workers to wait for before placing chunks, and for how long.</summary>
    public int MinWorkers { get; init; } = 1;
    public TimeSpan WorkerWait { get; init; } = TimeSpan.FromSeconds(60);

    public Action<ChunkEvent>? OnEvent { get; init; }

    /// <summary>A device that fails this many chunks in a row (a dead or faulty worker) gets no more.</summary>
    public int RetireDeviceAfter { get; init; } = 2;
}
