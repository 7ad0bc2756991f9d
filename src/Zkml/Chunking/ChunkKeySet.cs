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

    private ChunkKeySet(ChunkPlan plan, ProvingKey[] distinct, int[] keyOf, double[] keygenMs, int[] rowsUsed)
    {
        Plan = plan;
        _distinct = distinct;
        _keyOf = keyOf;
        KeygenMs = keygenMs;
        RowsUsed = rowsUsed;
        Digest = DigestOf(plan.Cuts, keyOf.Select(k => distinct[k].Vk.Digest));
    }

    /// <summary>
    /// The digest of a key set from its cut points and its chunks' verifying-key digests in order, so a verifier
    /// holding verifying keys only (no proving keys) names the set the same way.
    /// </summary>
    public static byte[] DigestOf(IReadOnlyList<int> cuts, IEnumerable<byte[]> verifyingKeyDigests)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.ASCII.GetBytes($"zkml-gpu chunk keys v1;{cuts.Count + 1};{string.Join(",", cuts)};"));
        foreach (var d in verifyingKeyDigests) sha.AppendData(d);
        return sha.GetHashAndReset();
    }

    public ChunkPlan Plan { get; }
    public byte[] Digest { get; }
    public string DigestHex => Convert.ToHexStringLower(Digest);
    /// <summary>Keygen time per distinct key (0 where a chunk shares an earlier chunk's key).</summary>
    public IReadOnlyList<double> KeygenMs { get; }
    public int DistinctKeys => _distinct.Length;
    /// <summary>Rows each chunk's circuit uses (its shape's rows: layers, commitments, tables, public inputs).</summary>
    public IReadOnlyList<int> RowsUsed { get; }

    public ProvingKey For(int chunk) => _distinct[_keyOf[chunk]];

    /// <summary>True when <paramref name="chunk"/> uses a key first made for an earlier chunk.</summary>
    public bool IsShared(int chunk) => Array.IndexOf(_keyOf, _keyOf[chunk]) < chunk;

    /// <summary>The shape-only circuit of a chunk (salts are advice, so zeros do for keygen).</summary>
    public static ModelCircuit ShapeCircuit(ChunkPlan plan, Chunk chunk) =>
        new(ChunkGraph.Extract(plan.Model, chunk), null, ChunkBinding.For(chunk, ChunkSecrets.ForShape(chunk.Count)));

    /// <summary>The proving key of one chunk's shape alone (a cluster worker makes only the keys of the chunks it is given).</summary>
    public static ProvingKey CreateOne(ChunkPlan plan, Chunk chunk, Func<int, Srs> srsFor, IComputeDevice device)
    {
        var shape = CircuitShape.Of(ShapeCircuit(plan, chunk));
        return Keygen.Create(srsFor(shape.MinimumK), device, shape);
    }

    /// <summary>
    /// Runs keygen once per distinct shape. <paramref name="srsFor"/> returns an SRS for 2^k rows (or more). A chunk
    /// needing more than 2^<paramref name="maxK"/> rows is an <see cref="ArgumentException"/> naming it and its largest node.
    /// </summary>
    public static ChunkKeySet Create(ChunkPlan plan, Func<int, Srs> srsFor, IComputeDevice device, int maxK = int.MaxValue)
    {
        var distinct = new List<ProvingKey>();
        var fingerprints = new List<byte[]>();
        var keyOf = new int[plan.Chunks.Count];
        var ms = new double[plan.Chunks.Count];
        var rows = new int[plan.Chunks.Count];
        foreach (var chunk in plan.Chunks)
        {
            var circuit = ShapeCircuit(plan, chunk);
            var shape = CircuitShape.Of(circuit);
            rows[chunk.Index] = shape.RowsUsed;
            if (shape.MinimumK > maxK)
            {
                var g = circuit.Model.Graph;
                var largest = g.Nodes.MaxBy(circuit.RowsOf)!;
                throw new ArgumentException($"chunk {chunk.Index} (nodes {chunk.FirstNode}..{chunk.EndNode - 1}) needs {shape.RowsUsed} rows (k = {shape.MinimumK}), more than 2^{maxK}; its largest node is '{largest.Name}' ({largest.Op}, {circuit.RowsOf(largest)} rows): cut it into more chunks");
            }
            byte[] fp = shape.Fingerprint();
            int found = fingerprints.FindIndex(f => f.AsSpan().SequenceEqual(fp));
            if (found >= 0) { keyOf[chunk.Index] = found; continue; }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            distinct.Add(Keygen.Create(srsFor(shape.MinimumK), device, shape));
            ms[chunk.Index] = clock.Elapsed.TotalMilliseconds;
            fingerprints.Add(fp);
            keyOf[chunk.Index] = distinct.Count - 1;
        }
        return new ChunkKeySet(plan, distinct.ToArray(), keyOf, ms, rows);
    }

    public void Dispose()
    {
        foreach (var pk in _distinct) pk.Dispose();
    }
}
