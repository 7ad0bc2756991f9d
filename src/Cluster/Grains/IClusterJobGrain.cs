using ZkmlGpu.Cluster.Messages;

namespace ZkmlGpu.Cluster.Grains;

/// <summary>A proving job's persisted state (plan digest, verified chunk proofs, where they were made). Keyed by job id.</summary>
public interface IClusterJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the job (<paramref name="resume"/> false: the id must be new) or picks it up again (true: it must exist
    /// with an equal header). Returns its state.
    /// </summary>
    Task<ClusterJobState> OpenAsync(ClusterJobHeader header, bool resume);

    /// <summary>
    /// Keeps a verified chunk proof. The header comes along because a localhost cluster's memory storage lives on its
    /// silos: a worker that dies may take the job's state with it, and the job then goes on from the header (the
    /// coordinator still holds every proof; only Redis state is kept for --resume).
    /// </summary>
    Task RecordAsync(ClusterJobHeader header, int chunk, FinishedChunk done);

    Task<ClusterJobState> GetAsync();
}
