using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// <see cref="NttEngine"/>'s transform with every butterfly on <typeparamref name="TL"/>'s lanes. The array is
/// bit-reversed and each block converted once to 52-bit limb planes. The first log2(lanes) stages pair elements
/// closer than a lane group, so they run on tiles of lanes groups converted transposed (lane g holds element j of
/// group g, see <see cref="TileStages"/>) and written back in order; every later stage runs on the planes
/// (cache-sized blocks first, then radix-4 passes), and the result is converted back, with the inverse's 1/n (and
/// coset) scaling fused into the last pass. Bit-identical to the scalar transform.
/// </summary>
internal static class LaneNtt<TL> where TL : struct, IFieldLanes
{
    private const int LocalLog = 11, ChunkLog = 10, SerialLog = 12, ScaleChunkLog = 12;

    /// <summary>Stages whose butterflies are closer than one lane group: they run on transposed tiles.</summary>
    private static int TileLog => BitOperations.Log2((uint)TL.Lanes);

    /// <summary>Smallest transform the lanes take: one lane group (smaller ones take the scalar path).</summary>
    public static int MinLog => TileLog;

    /// <summary>
    /// The tile stages' twiddles ω_{2^s}^j (s ≤ <see cref="TileLog"/>, j &lt; 2^(s−1)), entry 2^(s−1) − 1 + j, each
    /// in every lane, shifted: stride <see cref="TileTwiddleStride"/>.
    /// </summary>
    private static readonly ulong[] ForwardTileTwiddles = TileTwiddles(inverse: false), InverseTileTwiddles = TileTwiddles(inverse: true);

    private static int TileTwiddleStride => (TL.Lanes - 1) * TL.Lanes;

    private static ulong[] TileTwiddles(bool inverse)
    {
        int lanes = TL.Lanes, stride = TileTwiddleStride;
        var planes = new ulong[LimbPlanes.Limbs * stride];
        for (int s = 1; s <= TileLog; s++)
        {
            int half = 1 << (s - 1);
            Fr[] level = NttTwiddles.Level(s, inverse);
            for (int j = 0; j < half; j++)
                for (int k = 0; k < lanes; k++)
                    LimbPlanes.SplitShifted(level[j].Mont, ref planes[(half - 1 + j) * lanes + k], stride);
        }
        return planes;
    }

    /// <summary>Transforms a in place; when scale is set, a[i] is then multiplied by first·ratio^i.</summary>
    public static void Transform(Fr[] a, int log, bool inverse, int maxTableLevel, (Fr First, Fr Ratio)? scale)
    {
        int n = a.Length;
        bool parallel = log >= SerialLog;
        NttEngine.BitReverse(a, log, parallel);
        ulong[] planes = ArrayPool<ulong>.Shared.Rent(LimbPlanes.Limbs * n);
        try
        {
            int localLog = Math.Min(LocalLog, log), blockSize = 1 << localLog, blocks = n >> localLog;
            int tileLog = TileLog;
            ulong[] tileTwiddles = inverse ? InverseTileTwiddles : ForwardTileTwiddles;
            var laneTables = new ulong[localLog + 1][];
            for (int s = tileLog + 1; s <= localLog; s++) laneTables[s] = NttTwiddles.LevelPlanes(s, inverse);
            void Block(int b)
            {
                int start = b * blockSize;
                TileStages(a, planes, n, start, blockSize, tileTwiddles);
                for (int s = tileLog + 1; s <= localLog; s++)
                {
                    int half = 1 << (s - 1);
                    ulong[] w = laneTables[s];
                    for (int i = start; i < start + blockSize; i += 2 * half)
                        for (int j = 0; j < half; j += TL.Lanes)
                            TL.Butterfly(ref planes[i + j], n, ref planes[i + half + j], n, ref w[j], half);
                }
            }
            if (parallel) Parallel.For(0, blocks, Block);
            else for (int b = 0; b < blocks; b++) Block(b);

            for (int s = localLog + 1; s <= log;)
            {
                if (s + 1 <= log && s + 1 <= maxTableLevel) { RadixFourPass(planes, n, s, inverse, parallel); s += 2; }
                else { RadixTwoPass(planes, n, s, inverse, parallel, s <= maxTableLevel); s += 1; }
            }

            if (scale is { } sc) ScalePlanes(planes, n, sc.First, sc.Ratio, parallel);
            Join(planes, a, parallel);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(planes);
        }
    }

    /// <summary>
    /// Converts a[start .. start + length) into the planes with stages 1 .. log2(lanes) done. Per tile of up to
    /// lanes groups of lanes consecutive elements, the conversion writes element j of group g to lane g of vector j
    /// of a scratch tile, where those stages pair whole vectors under one twiddle per vector; the tile is then
    /// written to the planes in order. Lanes past the last group (length &lt; lanes²) stay zero.
    /// </summary>
    private static void TileStages(Fr[] a, ulong[] planes, int n, int start, int length, ulong[] twiddles)
    {
        int lanes = TL.Lanes, tileLog = TileLog, stride = lanes * lanes, wStride = TileTwiddleStride;
        int groups = Math.Min(lanes, length / lanes), tileSize = groups * lanes;
        Span<ulong> tile = stackalloc ulong[LimbPlanes.Limbs * stride];
        if (groups < lanes) tile.Clear();
        ref ulong t0 = ref MemoryMarshal.GetReference(tile);
        ref ulong w0 = ref MemoryMarshal.GetArrayDataReference(twiddles);
        ReadOnlySpan<U256> values = MemoryMarshal.Cast<Fr, U256>(a.AsSpan(start, length));
        for (int tileStart = 0; tileStart < length; tileStart += tileSize)
        {
            for (int g = 0; g < groups; g++)
                for (int j = 0; j < lanes; j++)
                    LimbPlanes.Split(values[tileStart + g * lanes + j], ref Unsafe.Add(ref t0, j * lanes + g), stride);

            // Stages in pairs (radix-4), then the odd one left; vector v is element v of every group.
            int s = 1;
            for (; s + 1 <= tileLog; s += 2)
            {
                int half = 1 << (s - 1);
                for (int b = 0; b < lanes; b += 4 * half)
                    for (int j = 0; j < half; j++)
                    {
                        int v = b + j;
                        TL.Butterfly4(ref Unsafe.Add(ref t0, v * lanes), stride, ref Unsafe.Add(ref t0, (v + half) * lanes), stride,
                            ref Unsafe.Add(ref t0, (v + 2 * half) * lanes), stride, ref Unsafe.Add(ref t0, (v + 3 * half) * lanes), stride,
                            ref Unsafe.Add(ref w0, (half - 1 + j) * lanes), wStride,
                            ref Unsafe.Add(ref w0, (2 * half - 1 + j) * lanes), wStride,
                            ref Unsafe.Add(ref w0, (3 * half - 1 + j) * lanes), wStride);
                    }
            }
            if (s == tileLog)
            {
                int half = 1 << (s - 1);
                for (int b = 0; b < lanes; b += 2 * half)
                    for (int j = 0; j < half; j++)
                        TL.Butterfly(ref Unsafe.Add(ref t0, (b + j) * lanes), stride, ref Unsafe.Add(ref t0, (b + j + half) * lanes), stride,
                            ref Unsafe.Add(ref w0, (half - 1 + j) * lanes), wStride);
            }

            ref ulong p0 = ref planes[start + tileStart];
            for (int limb = 0; limb < LimbPlanes.Limbs; limb++)
            {
                ref ulong from = ref Unsafe.Add(ref t0, limb * stride);
                ref ulong to = ref Unsafe.Add(ref p0, limb * n);
                for (int g = 0; g < groups; g++)
                    for (int j = 0; j < lanes; j++)
                        Unsafe.Add(ref to, g * lanes + j) = Unsafe.Add(ref from, j * lanes + g);
            }
        }
    }

    private static void RadixTwoPass(ulong[] planes, int n, int s, bool inverse, bool parallel, bool useTable)
    {
        ulong[]? table = useTable ? NttTwiddles.LevelPlanes(s, inverse) : null;
        Fr root = NttTwiddles.Root(s, inverse);
        int half = 1 << (s - 1);
        const int len = 1 << ChunkLog;
        int chunksPerBlock = half >> ChunkLog, totalChunks = (n >> 1) >> ChunkLog;
        void Chunk(int c)
        {
            int block = c / chunksPerBlock;
            int j0 = (c - block * chunksPerBlock) << ChunkLog;
            int i0 = block * 2 * half + j0;
            if (table != null)
            {
                for (int j = 0; j < len; j += TL.Lanes)
                    TL.Butterfly(ref planes[i0 + j], n, ref planes[i0 + half + j], n, ref table[j0 + j], half);
                return;
            }
            // Twiddles above the cached levels: this chunk's powers, computed once and converted.
            ulong[] w = ArrayPool<ulong>.Shared.Rent(LimbPlanes.Limbs * len);
            try
            {
                FillPowers(w, len, root.Pow((ulong)j0), root);
                for (int j = 0; j < len; j += TL.Lanes)
                    TL.Butterfly(ref planes[i0 + j], n, ref planes[i0 + half + j], n, ref w[j], len);
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(w);
            }
        }
        if (parallel) Parallel.For(0, totalChunks, Chunk);
        else for (int c = 0; c < totalChunks; c++) Chunk(c);
    }

    /// <summary>Stages s and s + 1 in one pass over memory (see NttEngine's radix-4 pass).</summary>
    private static void RadixFourPass(ulong[] planes, int n, int s, bool inverse, bool parallel)
    {
        ulong[] w1 = NttTwiddles.LevelPlanes(s, inverse), w2 = NttTwiddles.LevelPlanes(s + 1, inverse);
        int half = 1 << (s - 1);
        const int len = 1 << ChunkLog;
        int chunksPerBlock = half >> ChunkLog, totalChunks = (n >> 2) >> ChunkLog;
        void Chunk(int c)
        {
            int block = c / chunksPerBlock;
            int j0 = (c - block * chunksPerBlock) << ChunkLog;
            int i0 = block * 4 * half + j0;
            for (int j = 0; j < len; j += TL.Lanes)
            {
                int i = i0 + j;
                TL.Butterfly4(ref planes[i], n, ref planes[i + half], n, ref planes[i + 2 * half], n, ref planes[i + 3 * half], n,
                    ref w1[j0 + j], half, ref w2[j0 + j], 2 * half, ref w2[j0 + half + j], 2 * half);
            }
        }
        if (parallel) Parallel.For(0, totalChunks, Chunk);
        else for (int c = 0; c < totalChunks; c++) Chunk(c);
    }

    /// <summary>Writes first·ratio^k, k &lt; count, shifted, into planes of the given stride.</summary>
    private static void FillPowers(ulong[] planes, int stride, Fr first, Fr ratio)
    {
        Fr w = first;
        for (int k = 0; k < stride; k++)
        {
            LimbPlanes.SplitShifted(w.Mont, ref planes[k], stride);
            w *= ratio;
        }
    }

    /// <summary>planes[i] ← planes[i]·first·ratio^i (i &lt; n), in chunks that each start from first·ratio^start.</summary>
    internal static void ScalePlanes(ulong[] planes, int n, Fr first, Fr ratio, bool parallel)
    {
        int lanes = TL.Lanes, chunk = Math.Min(n, 1 << ScaleChunkLog), chunks = n / chunk;
        bool geometric = !ratio.IsOne;
        Fr step = ratio.Pow((ulong)lanes);
        void Chunk(int c)
        {
            int start = c * chunk;
            // factors: the lane group's current factors (plain); step: ratio^lanes in every lane (shifted).
            Span<ulong> factors = stackalloc ulong[LimbPlanes.Limbs * 8];
            Span<ulong> steps = stackalloc ulong[LimbPlanes.Limbs * 8];
            Fr f = first * ratio.Pow((ulong)start);
            for (int k = 0; k < lanes; k++)
            {
                if (geometric) LimbPlanes.Split(f.Mont, ref factors[k], lanes);
                else LimbPlanes.SplitShifted(f.Mont, ref factors[k], lanes);
                LimbPlanes.SplitShifted(step.Mont, ref steps[k], lanes);
                f *= ratio;
            }
            for (int i = start; i < start + chunk; i += lanes)
            {
                if (!geometric) { TL.MulShifted(ref planes[i], n, ref factors[0], lanes, ref planes[i], n); continue; }
                TL.Mul(ref planes[i], n, ref factors[0], lanes, ref planes[i], n);
                TL.MulShifted(ref factors[0], lanes, ref steps[0], lanes, ref factors[0], lanes);
            }
        }
        if (parallel && chunks > 1) Parallel.For(0, chunks, Chunk);
        else for (int c = 0; c < chunks; c++) Chunk(c);
    }

    /// <summary>a[i] ← a[i]·first·ratio^i on the lanes: each chunk is converted, scaled and converted back.</summary>
    public static void Scale(Fr[] a, Fr first, Fr ratio)
    {
        int n = a.Length, chunk = 1 << ScaleChunkLog;
        int chunks = (n + chunk - 1) / chunk;
        void Chunk(int c)
        {
            int start = c * chunk, length = Math.Min(chunk, n - start);
            int stride = LimbPlanes.StrideFor(length);
            ulong[] planes = ArrayPool<ulong>.Shared.Rent(LimbPlanes.Limbs * stride);
            try
            {
                var span = planes.AsSpan(0, LimbPlanes.Limbs * stride);
                span.Clear(); // padding lanes
                LimbPlanes.Split(a.AsSpan(start, length), span, stride);
                ScalePlanes(planes, stride, first * ratio.Pow((ulong)start), ratio, parallel: false);
                LimbPlanes.Join(span, stride, a.AsSpan(start, length));
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(planes);
            }
        }
        if (chunks > 1) Parallel.For(0, chunks, Chunk);
        else if (chunks == 1) Chunk(0);
    }

    private static void Join(ulong[] planes, Fr[] a, bool parallel)
    {
        int n = a.Length;
        const int chunk = 1 << 14;
        int chunks = (n + chunk - 1) / chunk;
        void Range(int c)
        {
            int start = c * chunk, length = Math.Min(chunk, n - start);
            LimbPlanes.Join(planes.AsSpan(0, LimbPlanes.Limbs * n), n, a.AsSpan(start, length), start);
        }
        if (parallel) Parallel.For(0, chunks, Range);
        else for (int c = 0; c < chunks; c++) Range(c);
    }
}
