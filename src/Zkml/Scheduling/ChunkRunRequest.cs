namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// A scheduler run: the jobs, the devices, and the work as delegates, so the scheduler is independent of what a
/// chunk proof is. Per job: <see cref="Witness"/> (CPU, prepared ahead while devices prove), then
/// <see cref="Keygen"/> (once per shape key, shared by every device), then <see cref="Prove"/> on the device.
/// <see cref="OnEvent"/> and <see cref="OnChunkDone"/> are called one at a time (never concurrently).
/// </summary>
public sealed record ChunkRunRequest<TWitness, TKey, TResult>
{
    public required IReadOnlyList<ChunkJob> Jobs { get; init; }
    public required IReadOnlyList<ChunkWorker> Workers { get; init; }
    public required Func<ChunkProveContext<TWitness, TKey>, Task<TResult>> Prove { get; init; }

    /// <summary>Builds a job's witness on the CPU; null: the prove delegate gets default.</summary>
    public Func<ChunkJob, CancellationToken, Task<TWitness>>? Witness { get; init; }

    /// <summary>Builds the key for a job's shape, on the first device that needs it; null: the prove delegate gets default.</summary>
    public Func<ChunkJob, ChunkWorker, CancellationToken, Task<TKey>>? Keygen { get; init; }

    /// <summary>Keys by shape; pass one to share keys across runs, otherwise each run has its own.</summary>
    public ShapeKeyCache<TKey>? KeyCache { get; init; }

    /// <summary>Chunks finished by an earlier run: returned as they are, never run again.</summary>
    public IReadOnlyList<ChunkResult<TResult>> Resume { get; init; } = [];

    public Action<ChunkEvent>? OnEvent { get; init; }

    /// <summary>Called as each chunk finishes (e.g. to write its proof at once, so a killed run loses nothing).</summary>
    public Action<ChunkResult<TResult>>? OnChunkDone { get; init; }

    /// <summary>How many witnesses of not yet started chunks may be prepared ahead; 0: one more than the devices.</summary>
    public int WitnessLookahead { get; init; }

    /// <summary>Witnesses built at the same time.</summary>
    public int WitnessParallelism { get; init; } = 1;

    /// <summary>A device that fails this many jobs in a row (running out of memory aside) is used no more; 0: never retired.</summary>
    public int RetireDeviceAfter { get; init; } = 3;

    /// <summary>How often placement is reconsidered while a device idles with work pending (a device may be stuck).</summary>
    public TimeSpan ReplanInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
