using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// Chunk proving keys in the <see cref="KeyCache"/> (same directory, format and build stamp as a model's keys), one
/// entry per chunk shape and SRS (<see cref="KeyCache.ChunkEntryName"/>), so a second `prove --chunks` or `setup`
/// of the same plan skips keygen. An unusable entry is reported on <paramref name="warnings"/> and made again.
/// </summary>
internal sealed class ChunkKeyCache(KeyCache cache, SrsSource srs, TextWriter warnings) : IChunkKeyStore
{
    public string Root => cache.Root;

    public ProvingKey? Load(byte[] fingerprint, IComputeDevice device)
    {
        string entry = KeyCache.ChunkEntryName(fingerprint, srs.Digest);
        var hit = cache.LoadProvingKey(entry, srs, device, out string? problem);
        if (problem is not null) warnings.WriteLine($"warning: key cache entry {entry} is unusable ({problem}): regenerating it");
        return hit?.Pk;
    }

    public void Store(byte[] fingerprint, ProvingKey key, int rowsUsed) =>
        cache.Store(KeyCache.ChunkEntryName(fingerprint, srs.Digest), key, rowsUsed, warnings);
}
