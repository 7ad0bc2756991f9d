using System.Security.Cryptography;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// The proving keys of a chunk plan, one per distinct chunk shape: chunks whose circuits have equal
/// <see cref="CircuitShape.Fingerprint"/>s (same layers, weights and boundary sizes) share one key, so N equal chunks
/// cost one keygen; their position is a public input, not part of the key. <see cref="Digest"/> names the set: the
/// cut points and every chunk's verifying-key digest (which binds the model's weights, the settings' effect on the
/// circuit and the SRS).
/// </summary>
public sealed class ChunkKeySet : IDisposable
{
    private readonly ProvingKey[] _distinct;
    private readonly int[] _keyOf;

    private ChunkKeySet(ChunkPlan plan, ProvingKey[] distinct, int[] keyOf, double[] keygenMs)
    {
        Plan = plan;
        _distinct = distinct;
        _keyOf = keyOf;
        KeygenMs = keygenMs;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.ASCII.GetBytes($"zkml-gpu chunk keys v1;{plan.Chunks.Count};{string.Join(",", plan.Cuts)};"));
        foreach (int k in keyOf) sha.AppendData(distinct[k].Vk.Digest);
        Digest = sha.GetHashAndReset();
    }

    public ChunkPlan Plan { get; }
    public byte[] Digest { get; }
    public string DigestHex => Convert.ToHexStringLower(Digest);
    /// <summary>Keygen time per distinct key (0 where a chunk shares an earlier chunk's key).</summary>
    public IReadOnlyList<double> KeygenMs { get; }
    public int DistinctKeys => _distinct.Length;

    public ProvingKey For(int chunk) => _distinct[_keyOf[chunk]];

    /// <summary>True when <paramref name="chunk"/> uses a key first made for an earlier chunk.</summary>
    public bool IsShared(int chunk) => Array.IndexOf(_keyOf, _keyOf[chunk]) < chunk;

    /// <summary>The shape-only circuit of a chunk (salts are advice, so zeros do for keygen).</summary>
    public static ModelCircuit ShapeCircuit(ChunkPlan plan, Chunk chunk) =>
        new(ChunkGraph.Extract(plan.Model, chunk), null, ChunkBinding.For(chunk, ChunkSecrets.ForShape(chunk.Count)));

    /// <summary>Runs keygen once per distinct shape. <paramref name="srsFor"/> returns an SRS for 2^k rows (or more).</summary>
    public static ChunkKeySet Create(ChunkPlan plan, Func<int, Srs> srsFor, IComputeDevice device)
    {
        var distinct = new List<ProvingKey>();
        var fingerprints = new List<byte[]>();
        var keyOf = new int[plan.Chunks.Count];
        var ms = new double[plan.Chunks.Count];
        foreach (var chunk in plan.Chunks)
        {
            var shape = CircuitShape.Of(ShapeCircuit(plan, chunk));
            byte[] fp = shape.Fingerprint();
            int found = fingerprints.FindIndex(f => f.AsSpan().SequenceEqual(fp));
            if (found >= 0) { keyOf[chunk.Index] = found; continue; }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            distinct.Add(Keygen.Create(srsFor(shape.MinimumK), device, shape));
            ms[chunk.Index] = clock.Elapsed.TotalMilliseconds;
            fingerprints.Add(fp);
            keyOf[chunk.Index] = distinct.Count - 1;
        }
        return new ChunkKeySet(plan, distinct.ToArray(), keyOf, ms);
    }

    public void Dispose()
    {
        foreach (var pk in _distinct) pk.Dispose();
    }
}
