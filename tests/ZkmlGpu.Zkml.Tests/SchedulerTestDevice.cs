using System.Collections.Concurrent;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// A pretend device for scheduler tests: "proves" a job by waiting <see cref="MsPerCost"/> per cost unit, and throws
/// on purpose for the chunks <see cref="FailOn"/> picks. Records every attempt.
/// </summary>
internal sealed class SchedulerTestDevice(string name, double msPerCost = 0, long memoryBytes = 1L << 30)
{
    public string Name { get; } = name;
    public double MsPerCost { get; init; } = msPerCost;
    public Func<int, Exception?> FailOn { get; init; } = _ => null;
    public double? SpeedHint { get; init; }
    public Func<long>? FreeMemory { get; init; }
    public ConcurrentQueue<int> Attempts { get; } = new();
    public ConcurrentQueue<int> Proven { get; } = new();

    public ChunkWorker Worker => new(Name, memoryBytes) { SpeedHint = SpeedHint, FreeMemory = FreeMemory };

    public async Task<string> ProveAsync(ChunkJob job, CancellationToken cancellation)
    {
        Attempts.Enqueue(job.Chunk);
        int ms = (int)Math.Round(job.Cost * MsPerCost);
        if (ms > 0) await Task.Delay(ms, cancellation);
        if (FailOn(job.Chunk) is { } e) throw e;
        Proven.Enqueue(job.Chunk);
        return $"proof {job.Chunk}";
    }

    public static ChunkRunRequest<object?, object?, string> Request(IReadOnlyList<ChunkJob> jobs, params SchedulerTestDevice[] devices) => new()
    {
        Jobs = jobs,
        Workers = devices.Select(d => d.Worker).ToArray(),
        Prove = ctx => devices.Single(d => d.Name == ctx.Worker.Name).ProveAsync(ctx.Job, ctx.Cancellation),
    };
}
