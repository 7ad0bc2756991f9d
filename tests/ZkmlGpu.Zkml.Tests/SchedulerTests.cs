using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// The chunk scheduler with pretend devices (delays and failures on purpose). Assertions are about where work went
/// and what came back, never about how long it took, so a loaded machine only makes them slower.
/// </summary>
public class SchedulerTests(ITestOutputHelper output)
{
    private static readonly LocalChunkScheduler Scheduler = new();
    private const long GiB = 1L << 30;

    private static ChunkJob[] Jobs(int count, double cost = 1, long memory = 1) =>
        Enumerable.Range(0, count).Select(i => new ChunkJob(i, cost, memory, "shape")).ToArray();

    [Fact]
    public async Task Results_come_back_in_chunk_order_whatever_the_placement()
    {
        var jobs = Enumerable.Range(0, 12).Select(i => new ChunkJob(i, 1 + (i * 7) % 5, 1, "s")).ToArray();
        var a = new SchedulerTestDevice("a", 2);
        var b = new SchedulerTestDevice("b", 5);
        var c = new SchedulerTestDevice("c", 1);
        var run = await Scheduler.RunAsync(SchedulerTestDevice.Request(jobs, a, b, c));
        Assert.True(run.IsComplete);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"proof {i}"), run.Results);
        Assert.Equal(Enumerable.Range(0, 12), run.Chunks.Select(r => r.Chunk));
        foreach (var r in run.Chunks)
            Assert.Contains(r.Chunk, new[] { a, b, c }.Single(d => d.Name == r.Device).Proven);
        Assert.Equal(12, a.Proven.Count + b.Proven.Count + c.Proven.Count);
    }

    [Fact]
    public void Plan_places_longest_first_on_the_device_that_finishes_earliest()
    {
        // Device 0 twice as fast as device 1. Costs 6, 4, 3, 2 in that order: 6 → 0 (ends 3); 4 → 1 (ends 4, not 5);
        // 3 → 0 (ends 4.5, not 7); 2 → 0 (ends 5.5, not 6).
        ChunkJob[] jobs = [new(0, 2, 1, "s"), new(1, 6, 1, "s"), new(2, 3, 1, "s"), new(3, 4, 1, "s")];
        var plan = ChunkPlacement.Plan(jobs, [0, 0], [2, 1], (_, _) => true);
        Assert.Equal([(1, 0, 0.0, 3.0), (3, 1, 0.0, 4.0), (2, 0, 3.0, 4.5), (0, 0, 4.5, 5.5)],
            plan.Select(p => (p.Job.Chunk, p.Device, p.Start, p.End)));

        // Device 0 busy until 10: 6 and 4 go to device 1 (ending 6, 10), 3 to device 0 (11.5 < 13), 2 to device 1 (12 < 12.5).
        var busy = ChunkPlacement.Plan(jobs, [10, 0], [2, 1], (_, _) => true);
        Assert.Equal([(1, 1, 0.0, 6.0), (3, 1, 6.0, 10.0), (2, 0, 10.0, 11.5), (0, 1, 10.0, 12.0)],
            busy.Select(p => (p.Job.Chunk, p.Device, p.Start, p.End)));

        // Ineligible pairs (memory, earlier failure) are never chosen; a job eligible nowhere is left out.
        var limited = ChunkPlacement.Plan(jobs, [0, 0], [2, 1], (j, d) => j.Chunk == 0 ? false : j.Chunk != 1 || d == 1);
        Assert.Equal(1, limited.Single(p => p.Job.Chunk == 1).Device);
        Assert.DoesNotContain(limited, p => p.Job.Chunk == 0);
    }

    [Fact]
    public async Task The_run_starts_the_longest_jobs_where_the_plan_says()
    {
        ChunkJob[] jobs = [new(0, 2, 1, "s"), new(1, 6, 1, "s"), new(2, 3, 1, "s"), new(3, 4, 1, "s")];
        var fast = new SchedulerTestDevice("fast", 2) { SpeedHint = 2 };
        var slow = new SchedulerTestDevice("slow", 4) { SpeedHint = 1 };
        var events = new ConcurrentQueue<ChunkEvent>();
        var run = await Scheduler.RunAsync(SchedulerTestDevice.Request(jobs, fast, slow) with { OnEvent = events.Enqueue });
        Assert.True(run.IsComplete);
        var started = events.Where(e => e.Kind == ChunkEventKind.Started).ToArray();
        Assert.Equal(1, started.First(e => e.Device == "fast").Chunk);
        Assert.Equal(3, started.First(e => e.Device == "slow").Chunk);
    }

    [Fact]
    public async Task Learned_speed_overrides_a_wrong_hint_and_moves_work_to_the_faster_device()
    {
        // The hints say "b" is four times faster; really "a" is ten times faster.
        var a = new SchedulerTestDevice("a", 3) { SpeedHint = 1 };
        var b = new SchedulerTestDevice("b", 30) { SpeedHint = 4 };
        var run = await Scheduler.RunAsync(SchedulerTestDevice.Request(Jobs(16), a, b));
        Assert.True(run.IsComplete);
        Assert.True(a.Proven.Count > 2 * b.Proven.Count, $"a proved {a.Proven.Count}, b {b.Proven.Count}");
        var speeds = run.Report.Devices.ToDictionary(d => d.Device, d => d.Speed);
        Assert.True(speeds["a"] > speeds["b"]);
    }

    [Fact]
    public async Task A_device_that_runs_dry_takes_the_work_planned_for_a_stuck_one()
    {
        // Equal hints: at the start half the jobs are planned for each device. "stuck" takes 400 ms per job.
        var jobs = Jobs(8);
        var initial = ChunkPlacement.Plan(jobs, [0, 0], [1, 1], (_, _) => true);
        Assert.Equal(4, initial.Count(p => p.Device == 1));
        var quick = new SchedulerTestDevice("quick", 5) { SpeedHint = 1 };
        var stuck = new SchedulerTestDevice("stuck", 400) { SpeedHint = 1 };
        var run = await Scheduler.RunAsync(SchedulerTestDevice.Request(jobs, quick, stuck));
        Assert.True(run.IsComplete);
        Assert.True(stuck.Attempts.Count <= 2, $"stuck was given {stuck.Attempts.Count} jobs");
        Assert.True(quick.Proven.Count >= 6);
    }

    [Fact]
    public async Task A_job_is_never_placed_on_a_device_without_the_memory_it_needs()
    {
        var jobs = Enumerable.Range(0, 10).Select(i => new ChunkJob(i, 1, i % 2 == 0 ? 2 * GiB : GiB / 2, "s")).ToArray();
        var small = new SchedulerTestDevice("small", 1, GiB) { SpeedHint = 100 };
        var big = new SchedulerTestDevice("big", 3, 4 * GiB) { SpeedHint = 1 };
        var run = await Scheduler.RunAsync(SchedulerTestDevice.Request(jobs, small, big));
        Assert.True(run.IsComplete);
        Assert.All(run.Chunks.Where(r => r.Chunk % 2 == 0), r => Assert.Equal("big", r.Device));
        Assert.DoesNotContain(small.Attempts, c => c % 2 == 0);

        // Free memory is checked before placing: a device short of it loses the job, reported, and is not tried again for it.
        var full = new SchedulerTestDevice("full", 1, 4 * GiB) { SpeedHint = 100, FreeMemory = () => GiB / 4 };
        var other = new SchedulerTestDevice("other", 1, 4 * GiB) { SpeedHint = 1 };
        var events = new ConcurrentQueue<ChunkEvent>();
        var run2 = await Scheduler.RunAsync(SchedulerTestDevice.Request(jobs, full, other) with { OnEvent = events.Enqueue });
        Assert.True(run2.IsComplete);
        Assert.Empty(full.Attempts);
        Assert.All(run2.Chunks, r => Assert.Equal("other", r.Device));
        Assert.Contains(events, e => e.Kind == ChunkEventKind.Failed && e.Device == "full" && e.Error!.Contains("free memory"));
    }

    [Fact]
    public async Task A_throwing_device_loses_its_job_to_another_and_the_run_completes()
    {
        var flaky = new SchedulerTestDevice("flaky", 1)
        {
            SpeedHint = 100,
            FailOn = c => c switch { 0 => new InvalidOperationException("kernel launch failed"), 5 => new OutOfMemoryException("device memory"), _ => null },
        };
        // "steady" looks so slow that "flaky" surely gets chunk 0 first (what follows depends on timing).
        var steady = new SchedulerTestDevice("steady", 2) { SpeedHint = 0.001 };
        var events = new ConcurrentQueue<ChunkEvent>();
        var run = await Scheduler.RunAsync(SchedulerTestDevice.Request(Jobs(8), flaky, steady) with { OnEvent = events.Enqueue });
        Assert.True(run.IsComplete);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"proof {i}"), run.Results);
        Assert.Equal(0, flaky.Attempts.First());
        int[] failedChunks = flaky.Attempts.Contains(5) ? [0, 5] : [0];
        foreach (int c in failedChunks)
        {
            Assert.Equal("steady", run.Chunks[c].Device);
            Assert.Equal(["flaky"], run.Chunks[c].FailedOn);
            Assert.Single(flaky.Attempts, c);
        }
        var failed = events.Where(e => e.Kind == ChunkEventKind.Failed).OrderBy(e => e.Chunk).ToArray();
        Assert.Equal(failedChunks, failed.Select(e => e.Chunk));
        Assert.All(failed, e => Assert.Equal("flaky", e.Device));
        Assert.Equal("InvalidOperationException: kernel launch failed", failed[0].Error);
        if (failed.Length > 1) Assert.Equal("out of memory (device memory)", failed[1].Error);
        Assert.Equal(failedChunks.Length, run.Report.Devices.Single(d => d.Device == "flaky").Failures);
    }

    [Fact]
    public async Task A_device_failing_jobs_in_a_row_is_retired_but_running_out_of_memory_is_not_held_against_it()
    {
        var dead = new SchedulerTestDevice("dead", 0) { SpeedHint = 100, FailOn = _ => new InvalidOperationException("device lost") };
        // The other devices look so slow that the failing one is always tried first, however late its threads run.
        var good = new SchedulerTestDevice("good", 1) { SpeedHint = 1e-4 };
        var events = new ConcurrentQueue<ChunkEvent>();
        var run = await Scheduler.RunAsync(SchedulerTestDevice.Request(Jobs(10), dead, good) with { OnEvent = events.Enqueue });
        Assert.True(run.IsComplete);
        Assert.Equal(3, dead.Attempts.Count);
        Assert.Equal("device-retired", Assert.Single(events, e => e.Kind == ChunkEventKind.DeviceRetired).Name);
        Assert.True(run.Report.Devices.Single(d => d.Device == "dead").Retired);

        var small = new SchedulerTestDevice("small", 0) { SpeedHint = 100, FailOn = _ => new OutOfMemoryException() };
        var big = new SchedulerTestDevice("big", 1) { SpeedHint = 1e-4 };
        var events2 = new ConcurrentQueue<ChunkEvent>();
        var run2 = await Scheduler.RunAsync(SchedulerTestDevice.Request(Jobs(5), small, big) with { OnEvent = events2.Enqueue });
        Assert.True(run2.IsComplete);
        Assert.Equal(5, small.Attempts.Count);
        Assert.DoesNotContain(events2, e => e.Kind == ChunkEventKind.DeviceRetired);
    }

    [Fact]
    public async Task A_job_failing_on_every_device_ends_the_run_naming_the_chunk()
    {
        Exception? Boom(int c) => c == 3 ? new InvalidOperationException("bad") : null;
        var a = new SchedulerTestDevice("cuda:0", 1) { FailOn = Boom };
        var b = new SchedulerTestDevice("cuda:1", 1) { FailOn = Boom };
        var e = await Assert.ThrowsAsync<ChunkRunFailedException<string>>(() => Scheduler.RunAsync(SchedulerTestDevice.Request(Jobs(6), a, b)));
        Assert.Equal(3, e.Chunk);
        Assert.StartsWith("chunk 3 failed on every device", e.Message);
        Assert.Contains("cuda:0: InvalidOperationException: bad", e.Message);
        Assert.Contains("cuda:1: InvalidOperationException: bad", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain(e.Finished, r => r.Chunk == 3);
        Assert.All(e.Finished, r => Assert.Equal($"proof {r.Chunk}", r.Value));
    }

    [Fact]
    public async Task Cancellation_keeps_finished_chunks_and_a_resume_does_not_prove_them_again()
    {
        using var cts = new CancellationTokenSource();
        int done = 0;
        var a = new SchedulerTestDevice("a", 20);
        var b = new SchedulerTestDevice("b", 20);
        var first = await Scheduler.RunAsync(SchedulerTestDevice.Request(Jobs(10), a, b) with
        {
            OnChunkDone = _ => { if (++done == 3) cts.Cancel(); },
        }, cts.Token);
        Assert.True(first.Cancelled);
        Assert.False(first.IsComplete);
        Assert.True(first.Chunks.Count >= 3);
        Assert.Equal(10, first.Chunks.Count + first.Missing.Count);
        Assert.Throws<InvalidOperationException>(() => { _ = first.Results; });

        var c = new SchedulerTestDevice("a", 1);
        var d = new SchedulerTestDevice("b", 1);
        var events = new ConcurrentQueue<ChunkEvent>();
        var second = await Scheduler.RunAsync(SchedulerTestDevice.Request(Jobs(10), c, d) with { Resume = first.Chunks, OnEvent = events.Enqueue });
        Assert.True(second.IsComplete);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"proof {i}"), second.Results);
        var resumed = first.Chunks.Select(r => r.Chunk).ToHashSet();
        Assert.DoesNotContain(c.Attempts.Concat(d.Attempts), resumed.Contains);
        Assert.Equal(first.Missing.OrderBy(x => x), c.Attempts.Concat(d.Attempts).Order());
        Assert.All(second.Chunks, r => Assert.Equal(resumed.Contains(r.Chunk), r.Resumed));
        Assert.Equal(resumed.Order(), events.Where(e => e.Kind == ChunkEventKind.Resumed).Select(e => e.Chunk).Order());
    }

    [Fact]
    public async Task Keygen_runs_once_per_shape_even_when_devices_need_it_at_the_same_time()
    {
        var jobs = Enumerable.Range(0, 8).Select(i => new ChunkJob(i, 1, 1, i % 2 == 0 ? "even" : "odd")).ToArray();
        var builds = new ConcurrentDictionary<string, int>();
        var workers = Enumerable.Range(0, 4).Select(i => new ChunkWorker($"d{i}", GiB)).ToArray();
        var run = await Scheduler.RunAsync(new ChunkRunRequest<object?, string, string>
        {
            Jobs = jobs,
            Workers = workers,
            Keygen = async (job, _, ct) =>
            {
                builds.AddOrUpdate(job.ShapeKey, 1, (_, n) => n + 1);
                await Task.Delay(50, ct);
                return $"key {job.ShapeKey}";
            },
            Prove = async ctx => { await Task.Delay(5, ctx.Cancellation); return ctx.Key; },
        });
        Assert.Equal(new Dictionary<string, int> { ["even"] = 1, ["odd"] = 1 }, builds);
        Assert.Equal(jobs.Select(j => $"key {j.ShapeKey}"), run.Results);
        Assert.Equal(2, run.Chunks.Count(r => !r.KeyShared));
    }

    [Fact]
    public async Task A_failed_keygen_is_built_again_on_another_device()
    {
        var builtOn = new ConcurrentQueue<string>();
        var run = await Scheduler.RunAsync(new ChunkRunRequest<object?, string, string>
        {
            Jobs = Jobs(4),
            Workers = [new ChunkWorker("bad", GiB), new ChunkWorker("good", GiB)],
            Keygen = async (job, worker, ct) =>
            {
                builtOn.Enqueue(worker.Name);
                await Task.Delay(20, ct);
                return worker.Name == "bad" ? throw new OutOfMemoryException() : "key";
            },
            Prove = ctx => Task.FromResult($"{ctx.Key} {ctx.Job.Chunk}"),
        });
        Assert.Equal(["key 0", "key 1", "key 2", "key 3"], run.Results);
        Assert.Contains("good", builtOn);
        Assert.All(run.Chunks.Where(r => r.Device == "bad"), r => Assert.True(r.KeyShared));
    }

    [Fact]
    public async Task Witnesses_for_the_next_chunks_are_built_while_a_device_proves()
    {
        var witnessStarted = new ConcurrentDictionary<int, TaskCompletionSource>();
        TaskCompletionSource Started(int c) => witnessStarted.GetOrAdd(c, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var run = await Scheduler.RunAsync(new ChunkRunRequest<string, object?, string>
        {
            Jobs = Jobs(4),
            Workers = [new ChunkWorker("only", GiB)],
            Witness = (job, _) => { Started(job.Chunk).TrySetResult(); return Task.FromResult($"witness {job.Chunk}"); },
            Prove = async ctx =>
            {
                // Proving chunk 0 does not end until chunk 1's witness has started: they overlap.
                if (ctx.Job.Chunk == 0)
                    Assert.True(await Task.WhenAny(Started(1).Task, Task.Delay(5000)) == Started(1).Task, "witness of chunk 1 did not start during chunk 0's proof");
                return ctx.Witness;
            },
        });
        Assert.Equal(["witness 0", "witness 1", "witness 2", "witness 3"], run.Results);
    }

    [Fact]
    public async Task A_failing_witness_ends_the_run_naming_the_chunk()
    {
        var e = await Assert.ThrowsAsync<ChunkRunFailedException<string>>(() => Scheduler.RunAsync(new ChunkRunRequest<string, object?, string>
        {
            Jobs = Jobs(3),
            Workers = [new ChunkWorker("cpu", GiB)],
            Witness = (job, _) => job.Chunk == 1 ? throw new ArgumentException("input tensor missing") : Task.FromResult("w"),
            Prove = ctx => Task.FromResult(ctx.Witness),
        }));
        Assert.Equal("chunk 1: witness generation failed: ArgumentException: input tensor missing", e.Message);
    }

    [Fact]
    public async Task Bad_inputs_are_one_line_errors()
    {
        var dev = new SchedulerTestDevice("cuda:0", 0, 8 * GiB);
        async Task<string> Error(ChunkRunRequest<object?, object?, string> r) =>
            (await Assert.ThrowsAsync<ChunkSchedulingException>(() => Scheduler.RunAsync(r))).Message;

        Assert.Equal("no devices to prove on", await Error(SchedulerTestDevice.Request(Jobs(2))));
        Assert.Equal("device 'cuda:0' is listed twice", await Error(SchedulerTestDevice.Request(Jobs(2), dev) with { Workers = [dev.Worker, dev.Worker] }));
        ChunkJob[] tooBig = [new(0, 1, GiB, "s"), new(1, 1, 12 * GiB, "s")];
        Assert.Equal("chunk 1 needs 12 GiB of device memory but the largest device, cuda:0, has 8 GiB", await Error(SchedulerTestDevice.Request(tooBig, dev)));
        Assert.Equal("chunk 1 is listed twice", await Error(SchedulerTestDevice.Request([new(1, 1, 1, "s"), new(1, 1, 1, "s")], dev)));

        IReadOnlyList<ChunkWorker> present = [ChunkWorker.For(ZkmlGpu.Gpu.DeviceSpec.Cpu, 16 * GiB), ChunkWorker.For(ZkmlGpu.Gpu.DeviceSpec.Parse("cuda:0"), 8 * GiB)];
        Assert.Equal(["cpu", "cuda:0"], ChunkWorkers.Resolve("cpu, cuda:0", present).Select(w => w.Name));
        Assert.Equal("device 'cuda:7' is not present here (present: cpu, cuda:0)", Assert.Throws<ChunkSchedulingException>(() => ChunkWorkers.Resolve("cuda:0,cuda:7", present)).Message);
        Assert.Contains("listed twice", Assert.Throws<ChunkSchedulingException>(() => ChunkWorkers.Resolve("cuda:0,cuda:0", present)).Message);
        Assert.Contains("Unknown device 'tpu:0'", Assert.Throws<ChunkSchedulingException>(() => ChunkWorkers.Resolve("tpu:0", present)).Message);
    }

    [Fact]
    public void Events_render_as_json_lines_and_the_report_as_json()
    {
        Assert.Equal("""{"event":"chunk-done","chunk":3,"device":"cuda:1","ms":812.4,"at":2051.7}""",
            ChunkEventJsonWriter.Format(new ChunkEvent(ChunkEventKind.Done, 3, "cuda:1", 812.44, 2051.66)));
        Assert.Equal("""{"event":"chunk-failed","chunk":0,"device":"cpu","ms":5,"at":6,"error":"out of memory"}""",
            ChunkEventJsonWriter.Format(new ChunkEvent(ChunkEventKind.Failed, 0, "cpu", 5, 6, Error: "out of memory")));
        var sink = new StringWriter();
        var writer = new ChunkEventJsonWriter(sink);
        writer.Write(new ChunkEvent(ChunkEventKind.Started, 1, "cpu", 0, 1));
        writer.Write(new ChunkEvent(ChunkEventKind.Phase, 1, "cpu", 2, 3, "keygen"));
        Assert.Equal(2, sink.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\"phase\":\"keygen\"", sink.ToString());

        var report = new ChunkRunReport([new ChunkReportRow(0, "cuda:0", 100, 12.5, false, 3, 250, ["cuda:1"], false)],
            [new DeviceReportRow("cuda:0", 1, 0, 250, 0.4), new DeviceReportRow("cuda:1", 0, 1, 0, null)], 300, false);
        string json = report.ToJson();
        Assert.Contains("\"keygenMs\": 12.5", json);
        Assert.Contains("\"proveMs\": 250", json);
        Assert.Equal(report.ToJson(), ChunkRunReport.FromJson(json).ToJson());
    }

    [Fact]
    public void Progress_folds_events_into_device_lines_and_an_eta()
    {
        var progress = new ChunkProgress(4, ["cuda:0", "cuda:1"]);
        progress.Apply(new ChunkEvent(ChunkEventKind.Resumed, 0, "cuda:0", 0, 0));
        progress.Apply(new ChunkEvent(ChunkEventKind.Started, 1, "cuda:0", 0, 10));
        progress.Apply(new ChunkEvent(ChunkEventKind.Started, 2, "cuda:1", 0, 10));
        progress.Apply(new ChunkEvent(ChunkEventKind.Phase, 2, "cuda:1", 5, 15, "keygen"));
        progress.Apply(new ChunkEvent(ChunkEventKind.Failed, 1, "cuda:0", 20, 30, Error: "out of memory"));
        progress.Apply(new ChunkEvent(ChunkEventKind.Started, 3, "cuda:0", 0, 30));
        progress.Apply(new ChunkEvent(ChunkEventKind.Done, 2, "cuda:1", 90, 100));
        var s = progress.Snapshot(130);
        Assert.Equal(new DeviceProgressLine("cuda:0", 3, "started", 100, 0, 1), s.Devices[0]);
        Assert.Equal(new DeviceProgressLine("cuda:1", null, null, 0, 1, 0), s.Devices[1]);
        Assert.Equal((2, 4, 1), (s.Done, s.Total, s.Failures));
        Assert.Equal(0.5, s.Fraction);
        Assert.Equal(260, s.EtaMs); // 130 ms for the one chunk proven here, two to go
    }

    [Fact]
    public async Task Scheduler_overhead_against_a_plain_loop_is_reported()
    {
        // Reported, not asserted: timing belongs to benchmarks. Trivial jobs make the overhead per job visible.
        const int count = 2000;
        var jobs = Jobs(count);
        Func<ChunkProveContext<object?, object?>, Task<int>> prove = ctx => Task.FromResult(ctx.Job.Chunk);
        var request = new ChunkRunRequest<object?, object?, int> { Jobs = jobs, Workers = [new ChunkWorker("cpu", GiB)], Prove = prove };
        await Scheduler.RunAsync(request with { Jobs = Jobs(50) }); // warm up

        var sw = Stopwatch.StartNew();
        var loop = new int[count];
        foreach (var job in jobs) loop[job.Chunk] = await Task.Run(() => job.Chunk);
        double loopMs = sw.Elapsed.TotalMilliseconds;

        sw.Restart();
        var run = await Scheduler.RunAsync(request);
        double schedMs = sw.Elapsed.TotalMilliseconds;
        Assert.Equal(loop, run.Results);
        double perJobUs = (schedMs - loopMs) * 1000 / count;
        output.WriteLine($"{count} trivial jobs: plain loop {loopMs:0.0} ms, scheduler {schedMs:0.0} ms, overhead {perJobUs:0.0} µs per chunk");
    }
}
