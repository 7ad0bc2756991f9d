using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// Proving keys kept between runs, by chunk shape (<see cref="CircuitShape.Fingerprint"/>) for one SRS and one build
/// of the code: a second run with an equal shape reads its key instead of running keygen. The CLI's key cache
/// implements it on disk.
/// </summary>
public interface IChunkKeyStore
{
    /// <summary>The stored key of the shape, on <paramref name="device"/>; null when there is none or it is unusable.</summary>
    ProvingKey? Load(byte[] fingerprint, IComputeDevice device);

    /// <summary>Keeps a key just made; a store that cannot keep it only warns.</summary>
    void Store(byte[] fingerprint, ProvingKey key, int rowsUsed);
}
