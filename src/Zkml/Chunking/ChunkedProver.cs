using System.Diagnostics;
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
        new(ChunkGraph.Extract(plan.Model, chunk), chunk.Inputs.Select(e => activations[e].Data).ToArray(), ChunkBinding.For(chunk, secrets));

    /// <summary>Proves one chunk with its key; the proof is checked before it is returned.</summary>
    public static ChunkProof Prove(ChunkKeySet keys, Chunk chunk, Activations activations, ChunkSecrets secrets, ProverOptions? options = null)
    {
        var circuit = Circuit(keys.Plan, chunk, activations, secrets);
        var pk = keys.For(chunk.Index);
        var clock = Stopwatch.StartNew();
        var proof = PlonkProver.Prove(pk, circuit, options: options);
        double ms = clock.Elapsed.TotalMilliseconds;
        var pub = circuit.PublicInputs();
        byte[] bytes = ProofEncoding.Encode(proof);
        return new ChunkProof(chunk.Index, bytes, pub[0], pub[1], circuit.Statement!, ms);
    }

    /// <summary>Every chunk in order, on the model's inputs.</summary>
    public static IReadOnlyList<ChunkProof> ProveAll(ChunkKeySet keys, IReadOnlyList<long[]> inputs, ChunkSecrets secrets, ProverOptions? options = null)
    {
        var activations = IntegerExecutor.Run(keys.Plan.Model, inputs);
        return keys.Plan.Chunks.Select(c => Prove(keys, c, activations, secrets, options)).ToArray();
    }
}
