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

    Task RecordAsync(int chunk, FinishedChunk done);

    Task<ClusterJobState> GetAsync();
}
