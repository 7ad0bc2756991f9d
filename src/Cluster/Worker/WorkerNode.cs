using System.Collections.Concurrent;
using ZkmlGpu.Cluster.Messages;
using ZkmlGpu.Cluster.Work;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Quantization;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Worker;

/// <summary>
/// What a worker silo offers: its devices, the models it was sent (by digest), and proving. Each chunk runs through
/// the local scheduler on the device the coordinator chose, with proving keys made here from the model and cached
/// per device by verifying-key digest: a key that comes out with another digest than the coordinator's (another
/// SRS, build or model loader) is refused, never used.
/// </summary>
public sealed class WorkerNode : IDisposable
{
    private readonly Dictionary<string, WorkerDevice> devices;
    private readonly Func<ModelBlob, QuantizedModel> loadModel;
    private readonly Func<int, Srs> srsFor;
    private readonly ConcurrentDictionary<string, Lazy<QuantizedModel>> models = new();
    private readonly ConcurrentDictionary<(string Model, string Cuts), ChunkPlan> plans = new();
    private readonly LocalChunkScheduler scheduler = new();
    private readonly Lock gate = new();
    private readonly ConcurrentQueue<int> proven = new();

    /// <param name="devices">the devices offered (names as in `--device`)</param>
    /// <param name="loadModel">turns a model's bytes and settings into the quantized model, as the coordinator does</param>
    /// <param name="srsFor">the SRS for 2^k rows</param>
    /// <param name="srsDigest">its digest (hex); chunk work for another SRS is refused</param>
    /// <param name="open">opens a device; default <see cref="ComputeDevices.Open(DeviceSpec)"/></param>
    public WorkerNode(IReadOnlyList<ChunkWorker> devices, Func<ModelBlob, QuantizedModel> loadModel, Func<int, Srs> srsFor, string srsDigest,
        Func<ChunkWorker, IComputeDevice>? open = null)
    {
        if (devices.Count == 0) throw new ArgumentException("a worker offers at least one device");
        open ??= w => ComputeDevices.Open(w.Spec ?? DeviceSpec.Parse(w.Name));
        this.devices = devices.ToDictionary(d => d.Name, d => new WorkerDevice(d, open), StringComparer.OrdinalIgnoreCase);
        this.loadModel = loadModel;
        this.srsFor = srsFor;
        SrsDigest = srsDigest;
    }

    public string SrsDigest { get; }

    /// <summary>Test hook: what the worker returns instead of a proof it made (chunk index, proof bytes).</summary>
    internal Func<int, byte[], byte[]>? Tamper { get; set; }

    /// <summary>The chunks this worker proved, in order (resumed jobs must not send finished ones again).</summary>
    public IReadOnlyCollection<int> Proven => proven.ToArray();

    public IReadOnlyList<WorkerDeviceInfo> Describe()
    {
        lock (gate)
            return devices.Values.Select(d => new WorkerDeviceInfo(d.Worker.Name, d.Worker.MemoryBytes, d.Worker.SpeedHint, d.RunningChunk, d.ChunksDone)).ToArray();
    }

    public bool HasModel(string digest) => models.TryGetValue(digest, out var m) && m.IsValueCreated;

    /// <summary>Keeps a model sent by a coordinator; its bytes must match its digest.</summary>
    public void LoadModel(string digest, ModelBlob blob)
    {
        if (blob.Digest != digest) throw new FormatException($"model '{blob.FileName}': its bytes do not match digest {digest}");
        var entry = models.GetOrAdd(digest, _ => new Lazy<QuantizedModel>(() => loadModel(blob)));
        try { _ = entry.Value; }
        catch
        {
            models.TryRemove(new KeyValuePair<string, Lazy<QuantizedModel>>(digest, entry));
            throw;
        }
    }

    /// <summary>Proves one chunk on <paramref name="deviceName"/>; returns the proof bytes and timings.</summary>
    public async Task<ChunkProofMessage> ProveAsync(ChunkWork work, string deviceName, CancellationToken cancellation = default)
    {
        if (!devices.TryGetValue(deviceName, out var dev)) throw new ArgumentException($"this worker has no device '{deviceName}'");
        if (work.SrsDigest != SrsDigest) throw new InvalidOperationException($"the job uses SRS {work.SrsDigest}; this worker has SRS {SrsDigest} (start it with the job's --srs)");
        if (!models.TryGetValue(work.ModelDigest, out var model) || !model.IsValueCreated)
            throw new InvalidOperationException($"model {work.ModelDigest} was not sent to this worker");
        var plan = plans.GetOrAdd((work.ModelDigest, string.Join(",", work.Cuts)), _ => new ChunkPlan(model.Value, work.Cuts, _ => 0));
        var chunk = plan.Chunks[work.Index];
        if (chunk.Count != work.Count) throw new FormatException($"chunk work: a plan of {work.Count} chunks, but its cuts make {chunk.Count}");
        var g = plan.Model.Graph;
        if (work.Inputs.Count != chunk.Inputs.Count) throw new FormatException($"chunk {work.Index}: {work.Inputs.Count} input tensors, the chunk reads {chunk.Inputs.Count}");
        for (int i = 0; i < chunk.Inputs.Count; i++)
            if (work.Inputs[i].Length != g[chunk.Inputs[i]].Shape.Size)
                throw new FormatException($"chunk {work.Index}: input '{chunk.Inputs[i]}' has {work.Inputs[i].Length} values, its shape holds {g[chunk.Inputs[i]].Shape.Size}");

        lock (gate) dev.RunningChunk = work.Index;
        try
        {
            var run = await scheduler.RunAsync(new ChunkRunRequest<object?, ProvingKey, ChunkProof>
            {
                Jobs = [ChunkJob.For(chunk, 0, work.VerifyingKeyDigest)],
                Workers = [dev.Worker],
                KeyCache = dev.Keys,
                Keygen = (_, _, _) => DedicatedThread.Run(() => MakeKey(plan, chunk, dev, work.VerifyingKeyDigest)),
                Prove = ctx => DedicatedThread.Run(() => ChunkedProver.Prove(ctx.Key,
                    ChunkedProver.Circuit(plan, chunk, work.Inputs, new ChunkBinding(work.Index, work.Count, work.InputSalt, work.OutputSalt)), chunk)),
                RetireDeviceAfter = 0,
            }, cancellation).ConfigureAwait(false);
            var done = run.Chunks.Single();
            proven.Enqueue(work.Index);
            byte[] bytes = done.Value.Proof;
            if (Tamper is { } tamper) bytes = tamper(work.Index, bytes);
            return new ChunkProofMessage(bytes, done.KeygenMs, done.KeyShared, done.Value.ProveMs);
        }
        finally
        {
            lock (gate)
            {
                dev.RunningChunk = -1;
                dev.ChunksDone++;
            }
        }
    }

    private ProvingKey MakeKey(ChunkPlan plan, Chunk chunk, WorkerDevice dev, string expectedVk)
    {
        var pk = ChunkKeySet.CreateOne(plan, chunk, srsFor, dev.Device);
        if (pk.Vk.DigestHex != expectedVk)
        {
            pk.Dispose();
            throw new InvalidOperationException($"chunk {chunk.Index}: this worker's key has digest {pk.Vk.DigestHex}, the coordinator's {expectedVk} (another model loader, SRS or build)");
        }
        return pk;
    }

    public void Dispose()
    {
        foreach (var d in devices.Values) d.Dispose();
    }
}
