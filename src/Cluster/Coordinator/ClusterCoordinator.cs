using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using ZkmlGpu.Cluster.Grains;
using ZkmlGpu.Cluster.Messages;
using ZkmlGpu.Cluster.Placement;
using ZkmlGpu.Cluster.Work;
using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Coordinator;

/// <summary>
/// Runs a chunked proving job on a cluster's workers. Every worker device is a device of the local scheduler
/// (<see cref="LocalChunkScheduler"/>: the same placement, failover and resume rules as on one machine) whose prove
/// step is a call to that device's grain. The coordinator computes each chunk's public inputs itself, pairs them with
/// the proof bytes a worker returns and verifies the proof before keeping it: an answer that fails is a failed
/// attempt, and the chunk goes to another device. Each verified proof is persisted in the job's grain at once.
/// </summary>
public sealed class ClusterCoordinator(IGrainFactory grains)
{
    public async Task<ClusterJobResult> RunAsync(ClusterJob job, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var plan = job.Keys.Plan;
        var workers = await ClusterWorkers.WaitForAsync(grains, job.MinWorkers, job.WorkerWait, cancellation).ConfigureAwait(false);
        var remote = new Dictionary<string, (string NodeKey, string Device)>();
        var devices = new List<ChunkWorker>();
        foreach (var w in workers)
            foreach (var d in w.Devices)
            {
                string name = $"{w.Endpoint}/{d.Name}";
                remote[name] = (w.NodeKey, d.Name);
                devices.Add(new ChunkWorker(name, d.MemoryBytes) { SpeedHint = d.SpeedHint });
            }
        if (devices.Count == 0) throw new ChunkSchedulingException("the cluster's workers offer no devices");

        var jobGrain = grains.GetGrain<IClusterJobGrain>(job.JobId);
        var header = HeaderOf(job);
        var state = await jobGrain.OpenAsync(header, job.Resume).WaitAsync(TimeSpan.FromSeconds(60), cancellation).ConfigureAwait(false);

        var stats = new ConcurrentDictionary<int, ClusterChunkStats>();
        var resume = new List<ChunkResult<ChunkProof>>();
        foreach (var (i, done) in state.Finished.OrderBy(kv => kv.Key))
        {
            var proof = ChunkedProver.Proven(Prepare(job, i).Circuit, plan.Chunks[i], done.Proof, done.ProveMs);
            if (Check(job, proof) is not null) continue; // a stored proof that fails is proven again
            resume.Add(new ChunkResult<ChunkProof>(i, done.Device, proof) { ProveMs = done.ProveMs });
            stats[i] = new ClusterChunkStats(i, done.Device, 0, 0, 0, 0, done.ProveMs, 0, [], true);
        }

        var models = new ConcurrentDictionary<string, Lazy<Task>>();
        long modelBytes = 0;
        double modelMs = 0;
        var modelGate = new Lock();
        async Task SendModel(string nodeKey)
        {
            var node = grains.GetGrain<IWorkerNodeGrain>(nodeKey);
            string digest = job.Model.Digest;
            if (await node.HasModelAsync(digest).ConfigureAwait(false)) return;
            long t0 = Stopwatch.GetTimestamp();
            await node.LoadModelAsync(digest, job.Model).ConfigureAwait(false);
            lock (modelGate)
            {
                modelBytes += job.Model.Model.Length + job.Model.Settings.Length;
                modelMs += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }
        Task EnsureModel(string nodeKey)
        {
            var entry = models.GetOrAdd(nodeKey, k => new Lazy<Task>(() => SendModel(k)));
            if (entry.Value.IsFaulted) models.TryRemove(new KeyValuePair<string, Lazy<Task>>(nodeKey, entry));
            return entry.Value;
        }

        async Task<ChunkProof> ProveRemote(ChunkProveContext<PreparedChunk, object?> ctx)
        {
            int i = ctx.Job.Chunk;
            var (nodeKey, device) = remote[ctx.Worker.Name];
            await ClusterRetry.UntilSentAsync(() => EnsureModel(nodeKey).WaitAsync(ctx.Cancellation), ctx.Cancellation).ConfigureAwait(false);
            long t0 = Stopwatch.GetTimestamp();
            var deviceGrain = grains.GetGrain<IDeviceGrain>(WorkerKeys.Device(nodeKey, device));
            var reply = await ClusterRetry.UntilSentAsync(
                () => deviceGrain.ProveAsync(new ChunkWorkMessage(ctx.Witness.Work)).WaitAsync(ctx.Cancellation), ctx.Cancellation).ConfigureAwait(false);
            double roundTrip = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            ctx.Phase("verify");
            long v0 = Stopwatch.GetTimestamp();
            var proof = ChunkedProver.Proven(ctx.Witness.Circuit, plan.Chunks[i], reply.Proof, reply.ProveMs);
            if (Check(job, proof) is { } why) throw new ChunkRejectedException($"chunk {i} from {ctx.Worker.Name}: {why}");
            double verifyMs = Stopwatch.GetElapsedTime(v0).TotalMilliseconds;
            var finished = new FinishedChunk { Device = ctx.Worker.Name, Proof = reply.Proof, ProveMs = reply.ProveMs };
            await ClusterRetry.UntilSentAsync(() => jobGrain.RecordAsync(header, i, finished).WaitAsync(ctx.Cancellation), ctx.Cancellation).ConfigureAwait(false);
            stats[i] = new ClusterChunkStats(i, ctx.Worker.Name, ctx.Witness.Work.Length, reply.Proof.Length, roundTrip, reply.KeygenMs, reply.ProveMs, verifyMs, [], false);
            return proof;
        }

        var run = await new LocalChunkScheduler().RunAsync(new ChunkRunRequest<PreparedChunk, object?, ChunkProof>
        {
            Jobs = plan.Chunks.Select(c => ChunkJob.For(c, 0, job.Keys.For(c.Index).Vk.DigestHex)).ToArray(),
            Workers = devices,
            Witness = (j, _) => Task.FromResult(Prepare(job, j.Chunk)),
            Prove = ProveRemote,
            Resume = resume,
            OnEvent = job.OnEvent,
            RetireDeviceAfter = job.RetireDeviceAfter,
        }, cancellation).ConfigureAwait(false);

        var perChunk = run.Chunks.Select(r => stats[r.Chunk] with { FailedOn = r.FailedOn }).ToArray();
        return new ClusterJobResult(run, perChunk, modelBytes, modelMs, workers.Count, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>The job's identity as persisted: digests of the model, the input values and the salts, the key set and the chunk count.</summary>
    public static ClusterJobHeader HeaderOf(ClusterJob job)
    {
        var g = job.Keys.Plan.Model.Graph;
        using var input = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string e in g.Inputs)
            foreach (long v in job.Activations[e].Data) input.AppendData(BitConverter.GetBytes(v));
        using var salts = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[32];
        foreach (Fr s in job.Secrets.Salts)
        {
            s.WriteBytesLittleEndian(buffer);
            salts.AppendData(buffer);
        }
        return new ClusterJobHeader(job.Model.Digest, Convert.ToHexStringLower(input.GetHashAndReset()), Convert.ToHexStringLower(salts.GetHashAndReset()),
            job.Keys.DigestHex, job.Keys.Plan.Chunks.Count);
    }

    private static PreparedChunk Prepare(ClusterJob job, int index)
    {
        var plan = job.Keys.Plan;
        var chunk = plan.Chunks[index];
        var circuit = ChunkedProver.Circuit(plan, chunk, job.Activations, job.Secrets);
        var work = new ChunkWork(job.Model.Digest, job.SrsDigest, plan.Cuts, index, chunk.Count, job.Secrets.InputSalt(chunk), job.Secrets.OutputSalt(chunk),
            job.Keys.For(index).Vk.DigestHex, ChunkedProver.InputsOf(chunk, job.Activations));
        return new PreparedChunk(circuit, ChunkWorkEncoding.Encode(work));
    }

    /// <summary>Null when the proof verifies against the chunk's verifying key and the public inputs computed here; else why not.</summary>
    private static string? Check(ClusterJob job, ChunkProof proof)
    {
        var vk = job.Keys.For(proof.Index).Vk;
        Proof decoded;
        try { decoded = ProofEncoding.Decode(proof.Proof, vk); }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidEncodingException) { return $"the proof does not decode ({e.Message})"; }
        return BatchVerifier.Verify([new VerificationItem(vk, proof.PublicInputs, decoded)]) ? null : "the proof does not verify";
    }
}
