namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// A finished chunk: its value and where and how it was made. <see cref="KeygenMs"/> is the time the chunk waited for
/// its key (<see cref="KeyShared"/>: generated for another chunk of its shape, or cached); <see cref="WitnessMs"/> is
/// the witness's own generation time, mostly overlapped with proving. <see cref="FailedOn"/> lists devices that
/// failed it before. <see cref="Resumed"/>: carried over from an earlier run.
/// </summary>
public sealed record ChunkResult<TResult>(int Chunk, string Device, TResult Value)
{
    public double KeygenMs { get; init; }
    public bool KeyShared { get; init; }
    public double WitnessMs { get; init; }
    public double ProveMs { get; init; }
    public IReadOnlyList<string> FailedOn { get; init; } = [];
    public bool Resumed { get; init; }
}
