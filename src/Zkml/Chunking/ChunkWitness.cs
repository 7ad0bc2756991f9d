using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// A chunk's witness circuit with its first phase already synthesized (every layer computed and assigned): the CPU
/// work a scheduler does ahead, so the device that proves the chunk only commits and evaluates.
/// </summary>
public sealed record ChunkWitness(ModelCircuit Circuit, CircuitBuilder PhaseZero)
{
    public static ChunkWitness Synthesize(ModelCircuit circuit) => new(circuit, PlonkProver.SynthesizePhaseZero(circuit));
}
