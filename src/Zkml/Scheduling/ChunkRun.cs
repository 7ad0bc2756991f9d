namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>The outcome of a run: the finished chunks in chunk order (all of them unless cancelled) and the report.</summary>
public sealed class ChunkRun<TResult>
{
    public ChunkRun(IReadOnlyList<ChunkResult<TResult>> chunks, IReadOnlyList<int> missing, bool cancelled, ChunkRunReport report)
    {
        Chunks = chunks;
        Missing = missing;
        Cancelled = cancelled;
        Report = report;
    }

    /// <summary>Finished chunks (proven now or resumed), ordered by chunk index.</summary>
    public IReadOnlyList<ChunkResult<TResult>> Chunks { get; }

    /// <summary>Chunks not finished (only after cancellation).</summary>
    public IReadOnlyList<int> Missing { get; }

    public bool Cancelled { get; }
    public bool IsComplete => Missing.Count == 0;
    public ChunkRunReport Report { get; }

    /// <summary>Every chunk's value in chunk order; throws when the run was cancelled before the end.</summary>
    public IReadOnlyList<TResult> Results => IsComplete
        ? Chunks.Select(c => c.Value).ToArray()
        : throw new InvalidOperationException($"the run was cancelled with {Missing.Count} chunk(s) unfinished: {string.Join(", ", Missing)}");
}
