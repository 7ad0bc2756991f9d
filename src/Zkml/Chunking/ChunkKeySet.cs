using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// The proving keys of a chunk plan, one per distinct chunk shape: chunks whose circuits have equal
/// <see cref="CircuitShape.Fingerprint"/>s (same layers, weights and boundary sizes) share one key, so N equal chunks
/// cost one keygen; their position is a public input, not part of the key. <see cref="Digest"/> names the set: the
/// cut points and every chunk's verifying-key digest (which binds the model's weights, the settings' effect on the
/// circuit and the SRS).
/// </summary>
/// <remarks>
/// <see cref="Create"/> makes every key at once. <see cref="Prepare"/> lays out the shapes only, and each key is made
/// on first need (<see cref="Make"/>, once per shape even when several devices ask together) or read from an
/// <see cref="IChunkKeyStore"/>: what the scheduler does, keygen on the first device that needs a shape. A key is
/// used on another device through <see cref="For(int, IComputeDevice)"/>, a copy made there without recommitting.
/// </remarks>
public sealed class ChunkKeySet : IDisposable
{
    private readonly CircuitShape[] _shapes;
    private readonly byte[][] _fingerprints;
    private readonly int[] _keyOf;
    private readonly int[] _firstChunk;
    private readonly ProvingKey?[] _distinct;
    private readonly bool[] _cached;
    private readonly double[] _keygenMs;
    private readonly object[] _locks;
    private readonly Func<int, Srs> _srsFor;
    private readonly IChunkKeyStore? _store;
    private readonly ConcurrentDictionary<int, Lazy<Srs>> _srs = new();
    private readonly ConcurrentDictionary<(int Key, IComputeDevice Device), Lazy<ProvingKey>> _copies = new();
    private byte[]? _digest;

    private ChunkKeySet(ChunkPlan plan, CircuitShape[] shapes, byte[][] fingerprints, int[] keyOf, int[] rowsUsed, Func<int, Srs> srsFor, IChunkKeyStore? store)
    {
        Plan = plan;
        _shapes = shapes;
        _fingerprints = fingerprints;
        _keyOf = keyOf;
        _firstChunk = Enumerable.Range(0, shapes.Length).Select(d => Array.IndexOf(keyOf, d)).ToArray();
        _distinct = new ProvingKey?[shapes.Length];
        _cached = new bool[shapes.Length];
        _keygenMs = new double[plan.Chunks.Count];
        _locks = shapes.Select(_ => new object()).ToArray();
        _srsFor = srsFor;
        _store = store;
        RowsUsed = rowsUsed;
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

    /// <summary>The set's digest; every key must be made first.</summary>
    public byte[] Digest => _digest ??= DigestOf(Plan.Cuts, Plan.Chunks.Select(c => For(c.Index).Vk.Digest));

    public string DigestHex => Convert.ToHexStringLower(Digest);

    /// <summary>Keygen time per distinct key, on the first chunk of its shape (0 where a chunk shares an earlier chunk's key; the load time for a cached key).</summary>
    public IReadOnlyList<double> KeygenMs => _keygenMs;

    public int DistinctKeys => _shapes.Length;

    /// <summary>Rows each chunk's circuit uses (its shape's rows: layers, commitments, tables, public inputs).</summary>
    public IReadOnlyList<int> RowsUsed { get; }

    /// <summary>True once every shape has its key.</summary>
    public bool IsComplete => _distinct.All(k => k is not null);

    /// <summary>The key of a chunk, on the device it was made on; throws when it has not been made.</summary>
    public ProvingKey For(int chunk) => _distinct[_keyOf[chunk]]
        ?? throw new InvalidOperationException($"chunk {chunk}'s key has not been made yet");

    /// <summary>The key of a chunk on <paramref name="device"/>: the key itself where it was made there, else one copy per device, kept with the set.</summary>
    public ProvingKey For(int chunk, IComputeDevice device)
    {
        var key = For(chunk);
        if (ReferenceEquals(key.Device, device)) return key;
        return _copies.GetOrAdd((_keyOf[chunk], device), _ => new Lazy<ProvingKey>(() => key.On(device))).Value;
    }

    /// <summary>True when <paramref name="chunk"/> uses a key first made for an earlier chunk.</summary>
    public bool IsShared(int chunk) => _firstChunk[_keyOf[chunk]] < chunk;

    /// <summary>True when <paramref name="chunk"/>'s key was read from the key store rather than made by keygen.</summary>
    public bool IsCached(int chunk) => _cached[_keyOf[chunk]];

    /// <summary>The circuit shape of a chunk (its key's input).</summary>
    public CircuitShape Shape(int chunk) => _shapes[_keyOf[chunk]];

    /// <summary>The shape's fingerprint in hex: equal for chunks sharing a key (a scheduler's shape key).</summary>
    public string ShapeKey(int chunk) => Convert.ToHexStringLower(_fingerprints[_keyOf[chunk]]);

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
    /// Lays out every chunk's shape without making keys. <paramref name="srsFor"/> returns an SRS for 2^k rows (or
    /// more), asked once per k. A chunk needing more than 2^<paramref name="maxK"/> rows is an
    /// <see cref="ArgumentException"/> naming it and its largest node.
    /// </summary>
    public static ChunkKeySet Prepare(ChunkPlan plan, Func<int, Srs> srsFor, int maxK = int.MaxValue, IChunkKeyStore? store = null)
    {
        var shapes = new List<CircuitShape>();
        var fingerprints = new List<byte[]>();
        var keyOf = new int[plan.Chunks.Count];
        var rows = new int[plan.Chunks.Count];
        foreach (var chunk in plan.Chunks)
        {
            var shape = plan.LaidOutShapes?[chunk.Index] ?? CircuitShape.Of(ShapeCircuit(plan, chunk));
            rows[chunk.Index] = shape.RowsUsed;
            if (shape.MinimumK > maxK)
            {
                var circuit = ShapeCircuit(plan, chunk);
                var g = circuit.Model.Graph;
                var largest = g.Nodes.MaxBy(circuit.RowsOf)!;
                throw new ArgumentException($"chunk {chunk.Index} (nodes {chunk.FirstNode}..{chunk.EndNode - 1}) needs {shape.RowsUsed} rows (k = {shape.MinimumK}), more than 2^{maxK}; its largest node is '{largest.Name}' ({largest.Op}, {circuit.RowsOf(largest)} rows): cut it into more chunks");
            }
            byte[] fp = shape.Fingerprint();
            int found = fingerprints.FindIndex(f => f.AsSpan().SequenceEqual(fp));
            if (found >= 0) { keyOf[chunk.Index] = found; continue; }
            shapes.Add(shape);
            fingerprints.Add(fp);
            keyOf[chunk.Index] = shapes.Count - 1;
        }
        return new ChunkKeySet(plan, shapes.ToArray(), fingerprints.ToArray(), keyOf, rows, srsFor, store);
    }

    /// <summary>Every key at once on <paramref name="device"/> (from <paramref name="store"/> where it has them). See <see cref="Prepare"/>.</summary>
    public static ChunkKeySet Create(ChunkPlan plan, Func<int, Srs> srsFor, IComputeDevice device, int maxK = int.MaxValue, IChunkKeyStore? store = null)
    {
        var set = Prepare(plan, srsFor, maxK, store);
        try
        {
            foreach (int first in set._firstChunk) set.Make(first, device);
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The key of <paramref name="chunk"/>'s shape: made now on <paramref name="device"/> (or read from the store) if
    /// no earlier call made it. Safe to call from several threads; a failed keygen leaves the shape to be made again.
    /// </summary>
    public ProvingKey Make(int chunk, IComputeDevice device)
    {
        int d = _keyOf[chunk];
        lock (_locks[d])
        {
            if (_distinct[d] is { } made) return made;
            var clock = Stopwatch.StartNew();
            var shape = _shapes[d];
            ProvingKey? key = _store?.Load(_fingerprints[d], device);
            if (key is not null && key.Vk.K != shape.MinimumK)
            {
                key.Dispose(); // a stored key for another k is never used
                key = null;
            }
            bool cached = key is not null;
            key ??= Keygen.Create(SrsFor(shape.MinimumK), device, shape);
            if (!cached) _store?.Store(_fingerprints[d], key, shape.RowsUsed);
            _keygenMs[_firstChunk[d]] = clock.Elapsed.TotalMilliseconds;
            _cached[d] = cached;
            _distinct[d] = key;
            return key;
        }
    }

    private Srs SrsFor(int k) => _srs.GetOrAdd(k, kk => new Lazy<Srs>(() => _srsFor(kk))).Value;

    /// <summary>The device memory proving a chunk is expected to need (<see cref="ChunkCost.Bytes"/>).</summary>
    public long EstimatedProverBytes(int chunk) => ChunkCost.Bytes(Shape(chunk));

    public void Dispose()
    {
        foreach (var copy in _copies.Values)
            if (copy.IsValueCreated) copy.Value.Dispose();
        foreach (var pk in _distinct) pk?.Dispose();
    }
}
