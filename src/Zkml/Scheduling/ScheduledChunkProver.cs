using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// Proves a chunk plan's chunks on several devices through an <see cref="IChunkScheduler"/>: the witness of each
/// chunk (its <see cref="ChunkWitness"/>: every layer computed and assigned) is synthesized on the CPU ahead of its turn, the
/// key of each distinct shape is made once, on the first device that needs it (or read from the key set's store), and
/// copied to the others; each proof is made on the device the scheduler picked and checked against its verifying key
/// before it counts, so a device that throws or returns a bad proof loses the chunk to another device. The proofs,
/// and so the bundle's public values, do not depend on the placement.
/// </summary>
public static class ScheduledChunkProver
{
    /// <summary>The scheduler's jobs: per chunk its expected work and memory (<see cref="ChunkCost"/>) and its shape key.</summary>
    public static IReadOnlyList<ChunkJob> Jobs(ChunkKeySet keys) => keys.Plan.Chunks
        .Select(c => new ChunkJob(c.Index, ChunkCost.Work(keys.Shape(c.Index)), keys.EstimatedProverBytes(c.Index), keys.ShapeKey(c.Index)))
        .ToArray();

    /// <summary>
    /// Runs the chunks not in <see cref="ScheduledProveOptions.Resume"/>. Ends with every chunk proven, cancelled
    /// (between prover phases; finished chunks kept), or a <see cref="ChunkSchedulingException"/> naming the chunk
    /// that failed on every device or the device list's fault.
    /// </summary>
    public static Task<ChunkRun<ChunkProof>> ProveAsync(ChunkKeySet keys, Activations activations, ChunkSecrets secrets, IReadOnlyList<ChunkDevice> devices,
        ScheduledProveOptions? options = null, IChunkScheduler? scheduler = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(devices);
        options ??= new ScheduledProveOptions();
        var plan = keys.Plan;
        var byName = new Dictionary<string, ChunkDevice>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in devices)
            if (!byName.TryAdd(d.Worker.Name, d)) throw new ChunkSchedulingException($"device '{d.Worker.Name}' is listed twice");

        var request = new ChunkRunRequest<ChunkWitness, ProvingKey, ChunkProof>
        {
            Jobs = Jobs(keys),
            Workers = devices.Select(d => d.Worker).ToArray(),
            Witness = (job, token) => DedicatedThread.Run(() => ChunkWitness.Synthesize(ChunkedProver.Circuit(plan, plan.Chunks[job.Chunk], activations, secrets)), token),
            Keygen = (job, worker, _) => DedicatedThread.Run(() => keys.Make(job.Chunk, byName[worker.Name].Device)),
            Prove = ctx => DedicatedThread.Run(() =>
            {
                var token = ctx.Cancellation;
                token.ThrowIfCancellationRequested();
                var chunk = plan.Chunks[ctx.Job.Chunk];
                var pk = keys.For(chunk.Index, byName[ctx.Worker.Name].Device);
                var prover = options.Prover ?? new ProverOptions();
                var outer = prover.OnPhase;
                prover = prover with
                {
                    // The prover does not take a token: a stop is seen between its phases.
                    OnPhase = (name, took) => { outer?.Invoke(name, took); token.ThrowIfCancellationRequested(); },
                };
                var proof = ChunkedProver.Prove(pk, ctx.Witness, chunk, prover);
                if (!ChunkedProver.Verify(pk.Vk, proof))
                    throw new InvalidOperationException($"chunk {chunk.Index}'s proof from {ctx.Worker.Name} does not verify");
                return proof;
            }, ctx.Cancellation),
            Resume = options.Resume,
            OnEvent = options.OnEvent,
            OnChunkDone = options.OnChunkDone,
            RetireDeviceAfter = options.RetireDeviceAfter,
        };
        return (scheduler ?? new LocalChunkScheduler()).RunAsync(request, cancellation);
    }
}
