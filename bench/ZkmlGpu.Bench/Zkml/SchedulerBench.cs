using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Bench.Zkml;

/// <summary>
/// Scheduler overhead: 64 jobs that each spin the CPU for WorkUs µs, run through <see cref="LocalChunkScheduler"/>
/// on one device vs awaited one after another in a plain loop. Overhead = (Scheduler − PlainLoop) / PlainLoop.
/// </summary>
public class SchedulerBench
{
    private const int Jobs = 64;
    private ChunkRunRequest<object?, object?, int> _request = null!;
    private readonly LocalChunkScheduler _scheduler = new();

    [Params(0, 1000)]
    public int WorkUs { get; set; }

    [GlobalSetup]
    public void Setup() => _request = new ChunkRunRequest<object?, object?, int>
    {
        Jobs = Enumerable.Range(0, Jobs).Select(i => new ChunkJob(i, 1, 1, "s")).ToArray(),
        Workers = [new ChunkWorker("cpu", 1L << 30)],
        Prove = ctx => Task.FromResult(Work(ctx.Job.Chunk)),
    };

    private int Work(int chunk)
    {
        long end = Stopwatch.GetTimestamp() + WorkUs * Stopwatch.Frequency / 1_000_000;
        while (Stopwatch.GetTimestamp() < end) { }
        return chunk;
    }

    [Benchmark(Baseline = true)]
    public async Task<int> PlainLoop()
    {
        int sum = 0;
        for (int i = 0; i < Jobs; i++) sum += await Task.Run(() => Work(i));
        return sum;
    }

    [Benchmark]
    public async Task<int> Scheduler() => (await _scheduler.RunAsync(_request)).Results.Sum();
}
