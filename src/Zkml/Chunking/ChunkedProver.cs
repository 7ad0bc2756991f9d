using System.Diagnostics;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// Proves a model chunk by chunk: one integer forward pass gives every boundary's values, then each chunk's circuit
/// proves its own layers from its input cut to its output cut and commits both with the run's salts.
/// </summary>
public static class ChunkedProver
{
    /// <summary>The witness circuit of one chunk, from the whole model's activations.</summary>
    public static ModelCircuit Circuit(ChunkPlan plan, Chunk chunk, Activations activations, ChunkSecrets secrets) =>
        Circuit(plan, chunk, InputsOf(chunk, activations), ChunkBinding.For(chunk, secrets));

    /// <summary>
    /// The witness circuit of one chunk from the values crossing into it (<see cref="Chunk.Inputs"/> in order) and its
    /// binding: all a prover that never saw the rest of the model's activations (a cluster worker) needs.
    /// </summary>
    public static ModelCircuit Circuit(ChunkPlan plan, Chunk chunk, IReadOnlyList<long[]> inputs, ChunkBinding binding) =>
        new(ChunkGraph.Extract(plan.Model, chunk), inputs, binding);

    /// <summary>The values crossing into a chunk, in <see cref="Chunk.Inputs"/> order.</summary>
    public static long[][] InputsOf(Chunk chunk, Activations activations) => chunk.Inputs.Select(e => activations[e].Data).ToArray();

    /// <summary>Proves one chunk with its key, on the device the key was made on.</summary>
    public static ChunkProof Prove(ChunkKeySet keys, Chunk chunk, Activations activations, ChunkSecrets secrets, ProverOptions? options = null) =>
        Prove(keys.For(chunk.Index), Circuit(keys.Plan, chunk, activations, secrets), chunk, options);

    /// <summary>
    /// Proves one chunk on <paramref name="device"/>: the unit of work of a scheduler or a cluster worker. The chunk's
    /// key is made there if no one made it yet, else copied there from the device it was made on.
    /// </summary>
    public static ChunkProof Prove(ChunkKeySet keys, Chunk chunk, Activations activations, ChunkSecrets secrets, IComputeDevice device, ProverOptions? options = null)
    {
        keys.Make(chunk.Index, device);
        return Prove(keys.For(chunk.Index, device), Circuit(keys.Plan, chunk, activations, secrets), chunk, options);
    }

    /// <summary>Proves a chunk's witness circuit (<see cref="Circuit"/>) with <paramref name="pk"/>, on the key's device.</summary>
    public static ChunkProof Prove(ProvingKey pk, ModelCircuit circuit, Chunk chunk, ProverOptions? options = null) =>
        Timed(circuit, chunk, () => PlonkProver.Prove(pk, circuit, options: options));

    /// <summary>Proves a chunk whose first phase was synthesized ahead (<see cref="ChunkWitness"/>); the time excludes that synthesis.</summary>
    public static ChunkProof Prove(ProvingKey pk, ChunkWitness witness, Chunk chunk, ProverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(witness);
        return Timed(witness.Circuit, chunk, () => PlonkProver.Prove(pk, witness.Circuit, witness.PhaseZero, options: options));
    }

    private static ChunkProof Timed(ModelCircuit circuit, Chunk chunk, Func<Proof> prove)
    {
        var clock = Stopwatch.StartNew();
        var proof = prove();
        double ms = clock.Elapsed.TotalMilliseconds;
        return Proven(circuit, chunk, ProofEncoding.Encode(proof), ms);
    }

    /// <summary>
    /// A chunk proof made of encoded proof bytes and the public inputs the circuit states, computed here from its
    /// witness: how a coordinator pairs proof bytes from a worker with the statement it expects (never the worker's).
    /// </summary>
    public static ChunkProof Proven(ModelCircuit circuit, Chunk chunk, byte[] proof, double proveMs)
    {
        var pub = circuit.PublicInputs();
        return new ChunkProof(chunk.Index, proof, pub[0], pub[1], circuit.Statement!, proveMs);
    }

    /// <summary>
    /// One chunk proof checked on its own against its verifying key (a few pairings): catches a bad device or key
    /// before the proof is kept. Bundles are still verified together (<see cref="BundleVerifier"/>).
    /// </summary>
    public static bool Verify(VerifyingKey vk, ChunkProof proof)
    {
        try { return PlonkVerifier.Verify(vk, ProofEncoding.Decode(proof.Proof, vk), proof.PublicInputs); }
        catch (FormatException) { return false; }
    }

    /// <summary>Every chunk in order, on the model's inputs.</summary>
    public static IReadOnlyList<ChunkProof> ProveAll(ChunkKeySet keys, IReadOnlyList<long[]> inputs, ChunkSecrets secrets, ProverOptions? options = null)
    {
        var activations = IntegerExecutor.Run(keys.Plan.Model, inputs);
        return keys.Plan.Chunks.Select(c => Prove(keys, c, activations, secrets, options)).ToArray();
    }
}
