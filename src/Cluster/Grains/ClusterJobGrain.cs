using Orleans.Placement;
using ZkmlGpu.Cluster.Messages;

namespace ZkmlGpu.Cluster.Grains;

/// <summary>Lives with the coordinator that opens it; its state is in the cluster's grain storage (Redis, or memory for localhost clusters).</summary>
[PreferLocalPlacement]
internal sealed class ClusterJobGrain([PersistentState("job", ClusterJobGrain.Storage)] IPersistentState<ClusterJobState> state) : Grain, IClusterJobGrain
{
    public const string Storage = "zkml-jobs";

    public async Task<ClusterJobState> OpenAsync(ClusterJobHeader header, bool resume)
    {
        string id = this.GetPrimaryKeyString();
        if (state.RecordExists && state.State.Header is { } existing)
        {
            if (!resume) throw new InvalidOperationException($"job {id} exists already: resume it with --resume {id}");
            if (existing.Mismatch(header) is { } field) throw new InvalidOperationException($"job {id} was started with {field}: it cannot be resumed with these");
            return state.State;
        }
        if (resume) throw new InvalidOperationException($"no job {id} in the cluster's storage");
        state.State = new ClusterJobState { Header = header };
        await state.WriteStateAsync();
        return state.State;
    }

    public async Task RecordAsync(ClusterJobHeader header, int chunk, FinishedChunk done)
    {
        if (state.State.Header is not { } h) state.State = new ClusterJobState { Header = h = header };
        else if (h.Mismatch(header) is { } field)
            throw new InvalidOperationException($"job {this.GetPrimaryKeyString()} was started with {field}: a chunk of another job cannot be recorded in it");
        if (chunk < 0 || chunk >= h.Chunks) throw new ArgumentOutOfRangeException(nameof(chunk), $"chunk {chunk} is not in a job of {h.Chunks}");
        state.State.Finished[chunk] = done;
        await state.WriteStateAsync();
    }

    public Task<ClusterJobState> GetAsync() => Task.FromResult(state.State);
}
