using System.Collections.Concurrent;
using System.Diagnostics;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// One run of <see cref="LocalChunkScheduler"/>. A single coordinator loop owns all placement state; job tasks only
/// report back through a queue, so no placement decision races another.
/// </summary>
internal sealed class LocalChunkRun<TWitness, TKey, TResult>
{
    private readonly ChunkRunRequest<TWitness, TKey, TResult> request;
    private readonly CancellationToken cancellation;
    private readonly CancellationTokenSource stop;
    private readonly Dictionary<int, ChunkJob> jobs = new();
    private readonly DeviceState[] devices;
    private readonly SortedSet<ChunkJob> pending = new(ChunkPlacement.LongestFirst);
    private readonly Dictionary<int, List<(string Device, string Error)>> failures = new();
    private readonly Dictionary<int, ChunkResult<TResult>> results = new();
    private readonly Dictionary<int, WitnessSlot> witnesses = new();
    private readonly ConcurrentQueue<Completion> completions = new();
    private readonly SemaphoreSlim signal = new(0);
    private readonly SemaphoreSlim witnessGate;
    private readonly ShapeKeyCache<TKey> keys;
    private readonly Lock eventGate = new();
    private readonly long startTimestamp = Stopwatch.GetTimestamp();
    private int running;
    private bool stopping, cancelled, sinkBroken;
    private ChunkSchedulingException? fatal;

    public LocalChunkRun(ChunkRunRequest<TWitness, TKey, TResult> request, CancellationToken cancellation)
    {
        this.request = request;
        this.cancellation = cancellation;
        ArgumentNullException.ThrowIfNull(request.Jobs);
        ArgumentNullException.ThrowIfNull(request.Workers);
        ArgumentNullException.ThrowIfNull(request.Prove);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.WitnessParallelism, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(request.WitnessLookahead);
        Validate(request);
        foreach (var job in request.Jobs) jobs.Add(job.Chunk, job);
        devices = request.Workers.Select(w => new DeviceState(w)).ToArray();
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        witnessGate = new SemaphoreSlim(request.WitnessParallelism);
        keys = request.KeyCache ?? new ShapeKeyCache<TKey>();
    }

    private static void Validate(ChunkRunRequest<TWitness, TKey, TResult> r)
    {
        if (r.Workers.Count == 0) throw new ChunkSchedulingException("no devices to prove on");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var w in r.Workers)
            if (!names.Add(w.Name)) throw new ChunkSchedulingException($"device '{w.Name}' is listed twice");
        var chunks = new HashSet<int>();
        var largest = r.Workers.MaxBy(w => w.MemoryBytes)!;
        foreach (var j in r.Jobs)
        {
            if (!chunks.Add(j.Chunk)) throw new ChunkSchedulingException($"chunk {j.Chunk} is listed twice", j.Chunk);
            if (!(j.Cost >= 0) || double.IsInfinity(j.Cost)) throw new ChunkSchedulingException($"chunk {j.Chunk} has cost {j.Cost}; costs are finite and ≥ 0", j.Chunk);
            if (j.MemoryBytes > largest.MemoryBytes)
                throw new ChunkSchedulingException(
                    $"chunk {j.Chunk} needs {IlgpuDevices.FormatBytes(j.MemoryBytes)} of device memory but the largest device, {largest.Name}, has {IlgpuDevices.FormatBytes(largest.MemoryBytes)}", j.Chunk);
        }
        var resumed = new HashSet<int>();
        foreach (var done in r.Resume)
        {
            if (!chunks.Contains(done.Chunk)) throw new ChunkSchedulingException($"resumed chunk {done.Chunk} is not in the plan", done.Chunk);
            if (!resumed.Add(done.Chunk)) throw new ChunkSchedulingException($"resumed chunk {done.Chunk} is listed twice", done.Chunk);
        }
    }

    private double Now => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public async Task<ChunkRun<TResult>> ExecuteAsync()
    {
        foreach (var done in request.Resume)
        {
            results[done.Chunk] = done with { Resumed = true };
            Emit(new ChunkEvent(ChunkEventKind.Resumed, done.Chunk, done.Device, 0, Now));
        }
        foreach (var job in jobs.Values)
            if (!results.ContainsKey(job.Chunk)) pending.Add(job);

        using (cancellation.Register(() => signal.Release()))
        {
            while (true)
            {
                if (!stopping && cancellation.IsCancellationRequested) { cancelled = true; Stop(); }
                while (completions.TryDequeue(out var c)) Complete(c);
                if (!stopping) Dispatch();
                if (running == 0 && (stopping || pending.Count == 0)) break;
                bool idleWithWork = !stopping && pending.Count > 0 && devices.Any(d => d.Running is null && !d.Retired);
                await signal.WaitAsync(idleWithWork ? request.ReplanInterval : Timeout.InfiniteTimeSpan).ConfigureAwait(false);
            }
        }
        stop.Cancel();
        foreach (var slot in witnesses.Values)
            try { await slot.Task.ConfigureAwait(false); } catch { /* abandoned with the run */ }
        stop.Dispose();

        var finished = results.Values.OrderBy(r => r.Chunk).ToArray();
        if (fatal is not null)
            throw new ChunkRunFailedException<TResult>(fatal.Message, fatal.Chunk ?? -1, finished, fatal.InnerException);
        var missing = jobs.Keys.Where(c => !results.ContainsKey(c)).Order().ToArray();
        bool wasCancelled = cancelled && missing.Length > 0;
        return new ChunkRun<TResult>(finished, missing, wasCancelled, Report(finished, wasCancelled));
    }

    private void Stop()
    {
        stopping = true;
        stop.Cancel();
    }

    private void Fail(ChunkSchedulingException e)
    {
        fatal ??= e;
        Stop();
    }

    // --- placement ---

    private void Dispatch()
    {
        // Loops because a device found short of free memory drops the job it was given, which changes the plan.
        while (!stopping && DispatchOnce()) { }
    }

    private bool DispatchOnce()
    {
        double now = Now;
        var available = new double[devices.Length];
        var speeds = new double[devices.Length];
        for (int d = 0; d < devices.Length; d++) (available[d], speeds[d]) = Outlook(d, now);
        // Plan only as far as it decides something now: each idle device's next job and the witnesses to prepare.
        int lookahead = Lookahead;
        var idle = devices.Select(d => d.Running is null && !d.Retired).ToArray();
        int idleLeft = idle.Count(i => i), wanted = idleLeft + lookahead;
        bool Enough(List<PlannedChunk> plan)
        {
            if (plan.Count > 0 && idle[plan[^1].Device]) { idle[plan[^1].Device] = false; idleLeft--; }
            return idleLeft == 0 && plan.Count >= wanted;
        }
        var plan = ChunkPlacement.PlanInOrder(pending, available, speeds, Eligible, Enough);

        for (int d = 0; d < devices.Length; d++)
        {
            var dev = devices[d];
            if (dev.Running is not null) continue;
            int first = plan.FindIndex(p => p.Device == d);
            if (first < 0) continue; // every job is expected to finish sooner elsewhere
            var job = plan[first].Job;
            if (dev.Worker.FreeMemory is { } freeMemory)
            {
                long free;
                try { free = freeMemory(); }
                catch (Exception) { free = long.MaxValue; } // unknown: let the attempt tell
                if (free < job.MemoryBytes)
                {
                    RecordFailure(job, dev, 0, $"not enough free memory: needs {IlgpuDevices.FormatBytes(job.MemoryBytes)}, {IlgpuDevices.FormatBytes(free)} free", deviceFault: false);
                    return true;
                }
            }
            Start(job, dev);
        }
        Prefetch(plan);
        return false;
    }

    private bool Eligible(ChunkJob job, int d) =>
        !devices[d].Retired
        && job.MemoryBytes <= devices[d].Worker.MemoryBytes
        && !(failures.TryGetValue(job.Chunk, out var f) && f.Exists(x => x.Device == devices[d].Worker.Name));

    /// <summary>When device d is expected to be free, and its speed (cost per ms).</summary>
    private (double Available, double Speed) Outlook(int d, double now)
    {
        var dev = devices[d];
        double speed = dev.LearnedSpeed ?? dev.Worker.SpeedHint ?? MeanLearnedSpeed() ?? 1.0;
        if (dev.Running is not { } job) return (now, Math.Max(speed, 1e-12));
        double elapsed = now - dev.StartedAt;
        // A job running past its estimate says the device is at most this fast (it may be stuck).
        if (job.Cost > 0 && elapsed > job.Cost / speed) speed = job.Cost / elapsed;
        speed = Math.Max(speed, 1e-12);
        return (Math.Max(now, dev.StartedAt + job.Cost / speed), speed);
    }

    private double? MeanLearnedSpeed()
    {
        var learned = devices.Where(d => d.LearnedSpeed is not null).Select(d => d.LearnedSpeed!.Value).ToArray();
        return learned.Length == 0 ? null : learned.Average();
    }

    private int Lookahead => request.WitnessLookahead > 0 ? request.WitnessLookahead : devices.Length + 1;

    private string NoDeviceLeft(ChunkJob job)
    {
        var reasons = new List<string>();
        foreach (var dev in devices)
        {
            if (job.MemoryBytes > dev.Worker.MemoryBytes)
                reasons.Add($"{dev.Worker.Name}: needs {IlgpuDevices.FormatBytes(job.MemoryBytes)}, has {IlgpuDevices.FormatBytes(dev.Worker.MemoryBytes)}");
            else if (failures.TryGetValue(job.Chunk, out var f) && f.Exists(x => x.Device == dev.Worker.Name))
                reasons.AddRange(f.Where(x => x.Device == dev.Worker.Name).Select(x => $"{x.Device}: {x.Error}"));
            else if (dev.Retired)
                reasons.Add($"{dev.Worker.Name}: retired after {request.RetireDeviceAfter} failures in a row");
        }
        return $"chunk {job.Chunk} failed on every device ({string.Join("; ", reasons)})";
    }

    // --- running a job ---

    private void Start(ChunkJob job, DeviceState dev)
    {
        pending.Remove(job);
        dev.Running = job;
        dev.StartedAt = Now;
        running++;
        Emit(new ChunkEvent(ChunkEventKind.Started, job.Chunk, dev.Worker.Name, 0, dev.StartedAt));
        var witness = Witness(job);
        _ = Task.Run(() => RunJobAsync(job, dev, witness, dev.StartedAt));
    }

    private async Task RunJobAsync(ChunkJob job, DeviceState dev, WitnessSlot witness, double startedAt)
    {
        var token = stop.Token;
        string device = dev.Worker.Name;
        void Phase(string name) => Emit(new ChunkEvent(ChunkEventKind.Phase, job.Chunk, device, Now - startedAt, Now, name));
        Completion done;
        try
        {
            if (!witness.Task.IsCompleted) Phase("witness");
            TWitness w;
            try { w = await witness.Task.ConfigureAwait(false); }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                Post(new Completion(job, dev, CompletionKind.WitnessFailed, Now - startedAt) { Error = e });
                return;
            }

            TKey key = default!;
            bool shared = false;
            double keygenMs = 0;
            if (request.Keygen is { } keygen)
            {
                Phase("keygen");
                double k0 = Now;
                (key, bool built) = await keys.GetAsync(job.ShapeKey, () => keygen(job, dev.Worker, token)).ConfigureAwait(false);
                keygenMs = Now - k0;
                shared = !built;
            }

            Phase("prove");
            double p0 = Now;
            var result = await request.Prove(new ChunkProveContext<TWitness, TKey>(job, dev.Worker, w, key, token, Phase)).ConfigureAwait(false);
            double proveMs = Now - p0;
            done = new Completion(job, dev, CompletionKind.Done, Now - startedAt)
            {
                Result = new ChunkResult<TResult>(job.Chunk, device, result)
                {
                    KeygenMs = keygenMs, KeyShared = shared, WitnessMs = witness.Ms, ProveMs = proveMs,
                },
            };
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            done = new Completion(job, dev, CompletionKind.Cancelled, Now - startedAt);
        }
        catch (Exception e)
        {
            done = new Completion(job, dev, CompletionKind.DeviceFailed, Now - startedAt) { Error = e };
        }
        Post(done);
    }

    private void Post(Completion c)
    {
        completions.Enqueue(c);
        signal.Release();
    }

    private void Complete(Completion c)
    {
        var dev = c.Device;
        dev.Running = null;
        running--;
        switch (c.Kind)
        {
            case CompletionKind.Done:
                var result = c.Result! with { FailedOn = Failures(c.Job.Chunk) };
                dev.Learn(c.Job.Cost, result.ProveMs);
                dev.FailuresInARow = 0;
                results[c.Job.Chunk] = result;
                witnesses.Remove(c.Job.Chunk);
                Emit(new ChunkEvent(ChunkEventKind.Done, c.Job.Chunk, dev.Worker.Name, c.Ms, Now));
                try { request.OnChunkDone?.Invoke(result); }
                catch (Exception e) { Fail(new ChunkSchedulingException($"chunk {c.Job.Chunk}: keeping its result failed: {OneLine(e)}", c.Job.Chunk, e)); }
                break;
            case CompletionKind.DeviceFailed:
                RecordFailure(c.Job, dev, c.Ms, OneLine(c.Error!), deviceFault: c.Error is not OutOfMemoryException);
                break;
            case CompletionKind.WitnessFailed:
                pending.Add(c.Job);
                Fail(new ChunkSchedulingException($"chunk {c.Job.Chunk}: witness generation failed: {OneLine(c.Error!)}", c.Job.Chunk, c.Error));
                break;
            default:
                pending.Add(c.Job);
                break;
        }
    }

    /// <summary>
    /// Job lost by a device. <paramref name="deviceFault"/>: false when only memory was short (a smaller job may
    /// still fit), so it does not count towards retiring the device.
    /// </summary>
    private void RecordFailure(ChunkJob job, DeviceState dev, double ms, string error, bool deviceFault = true)
    {
        if (!failures.TryGetValue(job.Chunk, out var list)) failures[job.Chunk] = list = [];
        list.Add((dev.Worker.Name, error));
        dev.Failures++;
        pending.Add(job);
        Emit(new ChunkEvent(ChunkEventKind.Failed, job.Chunk, dev.Worker.Name, ms, Now, Error: error));
        if (deviceFault && ++dev.FailuresInARow == request.RetireDeviceAfter)
        {
            dev.Retired = true;
            Emit(new ChunkEvent(ChunkEventKind.DeviceRetired, job.Chunk, dev.Worker.Name, ms, Now, Error: $"{dev.FailuresInARow} failures in a row"));
        }
        // A job no device may take any more ends the run now, not when the others are done.
        foreach (var left in dev.Retired ? pending.ToArray() : [job])
            if (!Enumerable.Range(0, devices.Length).Any(d => Eligible(left, d)))
            {
                Fail(new ChunkSchedulingException(NoDeviceLeft(left), left.Chunk));
                return;
            }
    }

    private string[] Failures(int chunk) => failures.TryGetValue(chunk, out var f) ? f.Select(x => x.Device).ToArray() : [];

    private static string OneLine(Exception e)
    {
        string message = e.Message.ReplaceLineEndings(" ").Trim();
        return e is OutOfMemoryException ? $"out of memory ({message})" : $"{e.GetType().Name}: {message}";
    }

    // --- witnesses ---

    /// <summary>Starts witnesses for the chunks expected to start soonest, up to the lookahead.</summary>
    private void Prefetch(List<PlannedChunk> plan)
    {
        if (request.Witness is null) return;
        int ahead = witnesses.Keys.Count(c => pending.Contains(jobs[c]));
        foreach (var p in plan.Where(p => pending.Contains(p.Job)).OrderBy(p => p.Start))
        {
            if (ahead >= Lookahead) break;
            if (witnesses.ContainsKey(p.Job.Chunk)) continue;
            Witness(p.Job);
            ahead++;
        }
    }

    private WitnessSlot Witness(ChunkJob job)
    {
        if (witnesses.TryGetValue(job.Chunk, out var slot)) return slot;
        slot = new WitnessSlot();
        slot.Task = request.Witness is { } build ? BuildWitnessAsync(job, build, slot) : Task.FromResult<TWitness>(default!);
        witnesses[job.Chunk] = slot;
        return slot;
    }

    private async Task<TWitness> BuildWitnessAsync(ChunkJob job, Func<ChunkJob, CancellationToken, Task<TWitness>> build, WitnessSlot slot)
    {
        var token = stop.Token;
        await witnessGate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            double t0 = Now;
            var w = await Task.Run(() => build(job, token), token).ConfigureAwait(false);
            slot.Ms = Now - t0;
            return w;
        }
        finally { witnessGate.Release(); }
    }

    // --- events and report ---

    private void Emit(ChunkEvent e)
    {
        if (request.OnEvent is null) return;
        lock (eventGate)
        {
            if (sinkBroken) return;
            // A progress view that breaks (a closed pipe) must not cost the proofs: it is switched off instead.
            try { request.OnEvent(e); }
            catch (Exception) { sinkBroken = true; }
        }
    }

    private ChunkRunReport Report(IReadOnlyList<ChunkResult<TResult>> finished, bool wasCancelled) => new(
        finished.Select(r => new ChunkReportRow(r.Chunk, r.Device, jobs[r.Chunk].Cost, r.KeygenMs, r.KeyShared, r.WitnessMs, r.ProveMs, r.FailedOn, r.Resumed)).ToArray(),
        devices.Select(d => new DeviceReportRow(d.Worker.Name, d.Done, d.Failures, d.ProveMs, d.LearnedSpeed, d.Retired)).ToArray(),
        Now, wasCancelled);

    private sealed class DeviceState(ChunkWorker worker)
    {
        public ChunkWorker Worker { get; } = worker;
        public ChunkJob? Running { get; set; }
        public double StartedAt { get; set; }
        public int Done { get; private set; }
        public int Failures { get; set; }
        public int FailuresInARow { get; set; }
        public bool Retired { get; set; }
        public double ProveMs { get; private set; }
        private double cost;

        /// <summary>Cost per ms over every job it finished; null until it finished one.</summary>
        public double? LearnedSpeed => Done == 0 ? null : cost / Math.Max(ProveMs, 1e-3);

        public void Learn(double jobCost, double ms)
        {
            Done++;
            cost += jobCost;
            ProveMs += ms;
        }
    }

    private sealed class WitnessSlot
    {
        public Task<TWitness> Task { get; set; } = null!;
        public double Ms { get; set; }
    }

    private enum CompletionKind { Done, DeviceFailed, WitnessFailed, Cancelled }

    private sealed record Completion(ChunkJob Job, DeviceState Device, CompletionKind Kind, double Ms)
    {
        public ChunkResult<TResult>? Result { get; init; }
        public Exception? Error { get; init; }
    }
}
