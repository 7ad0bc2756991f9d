using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// In-place radix-2 NTT over Fr on host arrays, natural order in and out: bit reversal, then decimation-in-time
/// stages. The first stages run block by block on cache-sized blocks (one task per block); the later stages split
/// their butterflies into contiguous chunks across threads. Twiddles are cached per stage (see <see cref="NttTwiddles"/>).
/// </summary>
internal static class NttEngine
{
    public const int MaxLogSize = Bn254Constants.FrTwoAdicity;

    /// <summary>Stages up to this block size (2^11 elements = 64 KiB) run inside one cache-resident block.</summary>
    private const int LocalLog = 11;
    /// <summary>Butterflies per parallel work item in the global stages.</summary>
    private const int ChunkLog = 10;
    /// <summary>Below this size everything runs on the calling thread.</summary>
    private const int SerialLog = 12;

    public static int CheckedLog(int length)
    {
        if (length <= 0 || !BitOperations.IsPow2(length))
            throw new ArgumentException($"NTT length must be a power of two, got {length}.", nameof(length));
        int log = BitOperations.Log2((uint)length);
        if (log > MaxLogSize)
            throw new ArgumentException($"NTT length 2^{log} exceeds the largest Fr domain, 2^{MaxLogSize}.", nameof(length));
        return log;
    }

    /// <summary>Coefficients → evaluations on H (forward) or back (inverse, including the 1/n factor).</summary>
    public static void Transform(Fr[] a, bool inverse) => Transform(a, inverse, NttTwiddles.MaxCachedLevel);

    /// <summary>As above; stages above <paramref name="maxTableLevel"/> compute twiddles on the fly (tests force this path).</summary>
    internal static void Transform(Fr[] a, bool inverse, int maxTableLevel)
    {
        int log = CheckedLog(a.Length);
        (Fr, Fr)? scale = inverse && log > 0 ? (NttTwiddles.SizeInverse(log), Fr.One) : null;
        if (TryLanes(a, log, inverse, maxTableLevel, scale)) return;
        Core(a, log, inverse, maxTableLevel);
        if (scale is { } s) Scale(a, s.Item1, s.Item2);
    }

    /// <summary>Runs the transform on the vector lanes of <see cref="SimdWidth.Current"/>; false for the scalar path.</summary>
    private static bool TryLanes(Fr[] a, int log, bool inverse, int maxTableLevel, (Fr, Fr)? scale)
    {
        switch (SimdWidth.Current)
        {
            case 8 when log >= LaneNtt<FrLanes512>.MinLog:
                LaneNtt<FrLanes512>.Transform(a, log, inverse, maxTableLevel, scale);
                return true;
            case 4 when log >= LaneNtt<FrLanes256>.MinLog:
                LaneNtt<FrLanes256>.Transform(a, log, inverse, maxTableLevel, scale);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Forward: coefficient i times shift^i, then NTT (evaluations on shift·H). Inverse: the reverse.</summary>
    public static void CosetTransform(Fr[] a, Fr shift, bool inverse)
    {
        int log = CheckedLog(a.Length);
        if (shift.IsZero) throw new ArgumentException("The coset shift must be non-zero.", nameof(shift));
        if (!inverse)
        {
            Scale(a, Fr.One, shift);
            if (TryLanes(a, log, inverse: false, NttTwiddles.MaxCachedLevel, null)) return;
            Core(a, log, inverse: false, NttTwiddles.MaxCachedLevel);
        }
        else
        {
            // One pass for both 1/n and shift^−i.
            (Fr, Fr) scale = (NttTwiddles.SizeInverse(log), shift.Inverse());
            if (TryLanes(a, log, inverse: true, NttTwiddles.MaxCachedLevel, scale)) return;
            Core(a, log, inverse: true, NttTwiddles.MaxCachedLevel);
            Scale(a, scale.Item1, scale.Item2);
        }
    }

    /// <summary>a[i] ← a[i]·first·ratio^i, in parallel chunks that each start from first·ratio^start.</summary>
    internal static void Scale(Fr[] a, Fr first, Fr ratio)
    {
        switch (SimdWidth.Current)
        {
            case 8: LaneNtt<FrLanes512>.Scale(a, first, ratio); return;
            case 4: LaneNtt<FrLanes256>.Scale(a, first, ratio); return;
        }
        int n = a.Length;
        const int chunk = 1 << 12;
        int chunks = (n + chunk - 1) / chunk;
        if (chunks <= 1) { ScaleRange(a, 0, n, first, ratio); return; }
        Parallel.For(0, chunks, c =>
        {
            int start = c * chunk;
            ScaleRange(a, start, Math.Min(n, start + chunk), first * ratio.Pow((ulong)start), ratio);
        });
    }

    private static void ScaleRange(Fr[] a, int start, int end, Fr factor, Fr ratio)
    {
        bool geometric = !ratio.IsOne;
        for (int i = start; i < end; i++)
        {
            a[i] *= factor;
            if (geometric) factor *= ratio;
        }
    }

    private static void Core(Fr[] a, int log, bool inverse, int maxTableLevel)
    {
        if (log == 0) return;
        int n = a.Length;
        bool parallel = log >= SerialLog;
        BitReverse(a, log, parallel);

        int localLog = Math.Min(LocalLog, log);
        int blockSize = 1 << localLog;
        int blocks = n >> localLog;
        // Fetch the tables once, outside the parallel loops.
        var local = new Fr[localLog + 1][];
        for (int s = 1; s <= localLog; s++) local[s] = NttTwiddles.Level(s, inverse);
        if (parallel) Parallel.For(0, blocks, b => LocalStages(a.AsSpan(b * blockSize, blockSize), local, localLog));
        else for (int b = 0; b < blocks; b++) LocalStages(a.AsSpan(b * blockSize, blockSize), local, localLog);

        // Global stages, two per pass over memory where both twiddle tables are cached.
        for (int s = localLog + 1; s <= log;)
        {
            if (s + 1 <= log && s + 1 <= maxTableLevel) { RadixFourPass(a, s, inverse, parallel); s += 2; }
            else { RadixTwoPass(a, s, inverse, parallel, s <= maxTableLevel); s += 1; }
        }
    }

    private static void RadixTwoPass(Fr[] a, int s, bool inverse, bool parallel, bool useTable)
    {
        int n = a.Length;
        Fr[]? table = useTable ? NttTwiddles.Level(s, inverse) : null;
        Fr root = NttTwiddles.Root(s, inverse);
        int half = 1 << (s - 1);
        int chunksPerBlock = half >> ChunkLog;
        int totalChunks = (n >> 1) >> ChunkLog;
        void Chunk(int c)
        {
            int block = c / chunksPerBlock;
            int j0 = (c - block * chunksPerBlock) << ChunkLog;
            int i0 = block * 2 * half + j0;
            var lo = a.AsSpan(i0, 1 << ChunkLog);
            var hi = a.AsSpan(i0 + half, 1 << ChunkLog);
            if (table != null) Butterflies(lo, hi, table.AsSpan(j0, 1 << ChunkLog), firstIsOne: j0 == 0);
            else ButterfliesGeometric(lo, hi, root.Pow((ulong)j0), root);
        }
        if (parallel) Parallel.For(0, totalChunks, Chunk);
        else for (int c = 0; c < totalChunks; c++) Chunk(c);
    }

    /// <summary>
    /// Stages s and s + 1 in one pass: for each j &lt; half = 2^(s−1) the quarters q0..q3 of a 4·half block take
    /// the stage-s butterflies (q0,q1), (q2,q3) with ω_{2^s}^j, then the stage-(s+1) ones (q0,q2) with ω_{2^(s+1)}^j
    /// and (q1,q3) with ω_{2^(s+1)}^(j+half). Same multiplications as two radix-2 passes, half the memory traffic.
    /// </summary>
    private static void RadixFourPass(Fr[] a, int s, bool inverse, bool parallel)
    {
        int n = a.Length;
        Fr[] w1 = NttTwiddles.Level(s, inverse), w2 = NttTwiddles.Level(s + 1, inverse);
        int half = 1 << (s - 1);
        int chunksPerBlock = half >> ChunkLog;
        int totalChunks = (n >> 2) >> ChunkLog;
        void Chunk(int c)
        {
            int block = c / chunksPerBlock;
            int j0 = (c - block * chunksPerBlock) << ChunkLog;
            int i0 = block * 4 * half + j0;
            const int len = 1 << ChunkLog;
            ref Fr q0 = ref a[i0];
            ref Fr q1 = ref a[i0 + half];
            ref Fr q2 = ref a[i0 + 2 * half];
            ref Fr q3 = ref a[i0 + 3 * half];
            ReadOnlySpan<Fr> t1 = w1.AsSpan(j0, len), t2 = w2.AsSpan(j0, len), t3 = w2.AsSpan(j0 + half, len);
            for (int j = 0; j < len; j++)
            {
                ref Fr x0 = ref Unsafe.Add(ref q0, j);
                ref Fr x1 = ref Unsafe.Add(ref q1, j);
                ref Fr x2 = ref Unsafe.Add(ref q2, j);
                ref Fr x3 = ref Unsafe.Add(ref q3, j);
                Fr w = t1[j];
                Fr u = x1 * w, v = x3 * w;
                Fr b0 = x0 + u, b1 = x0 - u, b2 = x2 + v, b3 = x2 - v;
                Fr e = b2 * t2[j], f = b3 * t3[j];
                x0 = b0 + e;
                x2 = b0 - e;
                x1 = b1 + f;
                x3 = b1 - f;
            }
        }
        if (parallel) Parallel.For(0, totalChunks, Chunk);
        else for (int c = 0; c < totalChunks; c++) Chunk(c);
    }

    /// <summary>All stages with blocks of at most span.Length elements, inside one block.</summary>
    internal static void LocalStages(Span<Fr> block, Fr[][] tables, int localLog)
    {
        int size = block.Length;
        // Stage 1 has the single twiddle 1: plain add/sub.
        for (int i = 0; i < size; i += 2)
        {
            Fr u = block[i], v = block[i + 1];
            block[i] = u + v;
            block[i + 1] = u - v;
        }
        for (int s = 2; s <= localLog; s++)
        {
            int half = 1 << (s - 1);
            var tw = tables[s].AsSpan(0, half);
            for (int start = 0; start < size; start += 2 * half)
                Butterflies(block.Slice(start, half), block.Slice(start + half, half), tw);
        }
    }

    /// <summary>lo[j], hi[j] ← lo[j] ± twiddles[j]·hi[j]. When the twiddles start at index 0 of a stage table the
    /// first one is 1, and its multiplication is skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterflies(Span<Fr> lo, Span<Fr> hi, ReadOnlySpan<Fr> twiddles, bool firstIsOne = true)
    {
        ref Fr l = ref MemoryMarshal.GetReference(lo);
        ref Fr h = ref MemoryMarshal.GetReference(hi);
        ref Fr w = ref MemoryMarshal.GetReference(twiddles);
        int m = Math.Min(lo.Length, Math.Min(hi.Length, twiddles.Length));
        int j = 0;
        if (firstIsOne && m > 0)
        {
            Fr u = l, v = h;
            l = u + v;
            h = u - v;
            j = 1;
        }
        for (; j < m; j++)
        {
            ref Fr x = ref Unsafe.Add(ref l, j);
            ref Fr y = ref Unsafe.Add(ref h, j);
            Fr t = y * Unsafe.Add(ref w, j);
            Fr u = x;
            x = u + t;
            y = u - t;
        }
    }

    private static void ButterfliesGeometric(Span<Fr> lo, Span<Fr> hi, Fr w, Fr step)
    {
        for (int j = 0; j < lo.Length; j++)
        {
            Fr t = hi[j] * w;
            Fr u = lo[j];
            lo[j] = u + t;
            hi[j] = u - t;
            w *= step;
        }
    }

    internal static void BitReverse(Fr[] a, int log, bool parallel)
    {
        if (log < 2) return;
        int n = a.Length;
        int shift = 32 - log;
        void Range(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                int r = (int)(ReverseBits((uint)i) >> shift);
                if (i < r) (a[i], a[r]) = (a[r], a[i]);
            }
        }
        if (!parallel) { Range(0, n); return; }
        const int chunk = 1 << 14;
        int chunks = (n + chunk - 1) / chunk;
        Parallel.For(0, chunks, c => Range(c * chunk, Math.Min(n, (c + 1) * chunk)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint ReverseBits(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x);
    }
}

/// <summary>
/// Thread-safe cache of NTT twiddles. Because the roots are consistent across sizes (ω_{k+1}² = ω_k), stage s of
/// every transform uses the same factors ω_{2^s}^j, j &lt; 2^(s−1), so one table per stage serves all sizes. Stages
/// above <see cref="MaxCachedLevel"/> compute their twiddles on the fly, which bounds the cache at 2^20 elements
/// (32 MiB) per direction.
/// </summary>
internal static class NttTwiddles
{
    public const int MaxCachedLevel = 20;
    private static readonly Fr[]?[] Forward = new Fr[MaxCachedLevel + 1][];
    private static readonly Fr[]?[] Inverse = new Fr[MaxCachedLevel + 1][];
    private static readonly Fr[] InverseRoots = ComputeInverseRoots();
    private static readonly Fr[] SizeInverses = ComputeSizeInverses();

    public static Fr Root(int level, bool inverse) => inverse ? InverseRoots[level] : Fr.RootOfUnity(level);

    /// <summary>1/2^log in Fr.</summary>
    public static Fr SizeInverse(int log) => SizeInverses[log];

    public static Fr[] Level(int level, bool inverse)
    {
        if (level < 1 || level > MaxCachedLevel) throw new ArgumentOutOfRangeException(nameof(level));
        var tables = inverse ? Inverse : Forward;
        var table = Volatile.Read(ref tables[level]);
        if (table != null) return table;
        var computed = Compute(level, inverse);
        return Interlocked.CompareExchange(ref tables[level], computed, null) ?? computed;
    }

    private static readonly ulong[]?[] ForwardPlanes = new ulong[MaxCachedLevel + 1][];
    private static readonly ulong[]?[] InversePlanes = new ulong[MaxCachedLevel + 1][];

    /// <summary><see cref="Level"/> as shifted 52-bit limb planes (stride 2^(level−1)) for the vector kernels.</summary>
    public static ulong[] LevelPlanes(int level, bool inverse)
    {
        var tables = inverse ? InversePlanes : ForwardPlanes;
        var table = Volatile.Read(ref tables[level]);
        if (table != null) return table;
        Fr[] values = Level(level, inverse);
        var computed = new ulong[LimbPlanes.Limbs * values.Length];
        LimbPlanes.Split(values, computed, values.Length, 0, shifted: true);
        return Interlocked.CompareExchange(ref tables[level], computed, null) ?? computed;
    }

    private static Fr[] Compute(int level, bool inverse)
    {
        int half = 1 << (level - 1);
        var table = new Fr[half];
        Fr root = Root(level, inverse);
        const int chunk = 1 << 12;
        if (half <= chunk) { Fill(table, 0, half, root); return table; }
        Parallel.For(0, half / chunk, c => Fill(table, c * chunk, (c + 1) * chunk, root));
        return table;
    }

    private static void Fill(Fr[] table, int start, int end, Fr root)
    {
        Fr w = root.Pow((ulong)start);
        for (int j = start; j < end; j++) { table[j] = w; w *= root; }
    }

    private static Fr[] ComputeInverseRoots()
    {
        var roots = new Fr[NttEngine.MaxLogSize + 1];
        for (int k = 0; k <= NttEngine.MaxLogSize; k++) roots[k] = Fr.RootOfUnity(k).Inverse();
        return roots;
    }

    private static Fr[] ComputeSizeInverses()
    {
        var inverses = new Fr[NttEngine.MaxLogSize + 1];
        Fr half = Fr.FromUInt64(2).Inverse();
        inverses[0] = Fr.One;
        for (int k = 1; k <= NttEngine.MaxLogSize; k++) inverses[k] = inverses[k - 1] * half;
        return inverses;
    }
}
