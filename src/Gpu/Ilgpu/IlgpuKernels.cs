using System.Runtime.CompilerServices;
using ILGPU;

namespace ZkmlGpu.Gpu.Ilgpu;

/// <summary>The kernel entry points of the ILGPU backend (field, NTT, MSM, Poseidon). All data is Montgomery form.</summary>
internal static class IlgpuKernels
{
    // ---------------------------------------------------------------- field (for tests and the device check)

    /// <summary>r[6i..6i+5] = Fr a·b, a+b, a−b, then Fq a·b, a+b, a−b.</summary>
    public static void FieldOps(Index1D i, ArrayView<U32x8> a, ArrayView<U32x8> b, ArrayView<U32x8> r)
    {
        U32x8 x = a[i], y = b[i];
        int o = i * 6;
        r[o] = FrK.Mul(x, y);
        r[o + 1] = FrK.Add(x, y);
        r[o + 2] = FrK.Sub(x, y);
        r[o + 3] = FqK.Mul(x, y);
        r[o + 4] = FqK.Add(x, y);
        r[o + 5] = FqK.Sub(x, y);
    }

    /// <summary>data[i] ·= c.</summary>
    public static void Scale(Index1D i, ArrayView<U32x8> data, U32x8 c) => data[i] = FrK.Mul(data[i], c);

    // ---------------------------------------------------------------- NTT

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Reverse32(uint x)
    {
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
        return (x >> 16) | (x << 16);
    }

    /// <summary>In-place bit-reversal permutation of n = 2^logN elements (logN ≥ 1); each pair is swapped by its lower index.</summary>
    public static void BitReverse(Index1D i, ArrayView<U32x8> data, int logN)
    {
        int j = (int)(Reverse32((uint)i.X) >> (32 - logN));
        if (i.X < j)
        {
            U32x8 t = data[i];
            data[i] = data[j];
            data[j] = t;
        }
    }

    /// <summary>Elements per shared-memory tile (32 KiB of Fr).</summary>
    public const int TileMax = 1024;

    /// <summary>
    /// Stages s0 … s0+L−1 (half-sizes 2^s0 … 2^(s0+L−1)) of a radix-2 Cooley–Tukey NTT, after bit reversal, in shared
    /// memory: those stages only combine the 2^L elements base + e·2^s0 (e &lt; 2^L), so group g loads them, runs L
    /// stages, and writes them back. Three launches cover 2^24 (10 + 10 + 4 stages) instead of 24 global passes.
    /// Twiddles tw[k] = ω_N^k with N = 2^twLog; half-size 2^logM reads ω_N^(j·N/2^(logM+1)).
    /// </summary>
    public static void ButterflyTile(ArrayView<U32x8> data, ArrayView<U32x8> tw, int logL, int twLog, int s0)
    {
        var sh = SharedMemory.Allocate<U32x8>(TileMax);
        int tid = Group.IdxX, threads = Group.DimX;
        int tile = 1 << logL;
        int g = Grid.IdxX;
        int low = g & ((1 << s0) - 1);
        int baseIndex = ((g >> s0) << (s0 + logL)) | low;
        for (int e = tid; e < tile; e += threads) sh[e] = data[baseIndex + (e << s0)];
        Group.Barrier();
        for (int l = 0; l < logL; l++)
        {
            int logM = s0 + l;
            int shift = twLog - logM - 1;
            for (int k = tid; k < (tile >> 1); k += threads)
            {
                int jLocal = k & ((1 << l) - 1);
                int e0 = ((k >> l) << (l + 1)) + jLocal;
                int e1 = e0 + (1 << l);
                int j = (jLocal << s0) | low;
                U32x8 t = FrK.Mul(tw[j << shift], sh[e1]);
                U32x8 u = sh[e0];
                sh[e0] = FrK.Add(u, t);
                sh[e1] = FrK.Sub(u, t);
            }
            Group.Barrier();
        }
        for (int e = tid; e < tile; e += threads) data[baseIndex + (e << s0)] = sh[e];
    }

    /// <summary>
    /// data[i] = c·g^i (multiply = 0) or data[i] ·= c·g^i (multiply ≠ 0) for i &lt; n; thread t does the chunk
    /// [t·chunk, t·chunk + chunk), so the power is raised once per chunk. gPow2[k] = g^(2^k).
    /// </summary>
    public static void Powers(Index1D t, ArrayView<U32x8> data, ArrayView<U32x8> gPow2, U32x8 c, int chunk, int n, int multiply)
    {
        int start = t * chunk;
        if (start >= n) return;
        U32x8 acc = c;
        for (int k = 0; (start >> k) != 0; k++)
            if (((start >> k) & 1) != 0) acc = FrK.Mul(acc, gPow2[k]);
        U32x8 g = gPow2[0];
        int end = start + chunk < n ? start + chunk : n;
        for (int i = start; i < end; i++)
        {
            data[i] = multiply != 0 ? FrK.Mul(data[i], acc) : acc;
            acc = FrK.Mul(acc, g);
        }
    }

    // ---------------------------------------------------------------- MSM (bucket method)

    /// <summary>
    /// Signed c-bit windows of scalar i (converted out of Montgomery form): digit d ∈ [−2^(c−1), 2^(c−1)] of window w
    /// becomes key (w &lt;&lt; c) | |d| and value i | sign·2^31 at position w·n + i.
    /// </summary>
    public static void MsmDigits(Index1D i, ArrayView<U32x8> scalars, ArrayView<int> keys, ArrayView<int> values, int c, int windows, int n)
    {
        U32x8 s = FrK.Mul(scalars[i], new U32x8(1, 0, 0, 0, 0, 0, 0, 0));
        int half = 1 << (c - 1);
        uint mask = (1u << c) - 1;
        int carry = 0;
        for (int w = 0; w < windows; w++)
        {
            int bit = w * c;
            int limb = bit >> 5;
            ulong two = s.Limb(limb) | ((ulong)s.Limb(limb + 1) << 32);
            int d = (int)((uint)(two >> (bit & 31)) & mask) + carry;
            if (d > half) { d -= 1 << c; carry = 1; }
            else carry = 0;
            int neg = d < 0 ? 1 : 0;
            int abs = d < 0 ? -d : d;
            keys[w * n + i] = (w << c) | abs;
            values[w * n + i] = i | (neg << 31);
        }
    }

    /// <summary>starts[k] = first position in the sorted keys with key ≥ k (a lower bound by binary search).</summary>
    public static void LowerBounds(Index1D k, ArrayView<int> sortedKeys, ArrayView<int> starts, int total)
    {
        int lo = 0, hi = total;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (sortedKeys[mid] < k) lo = mid + 1;
            else hi = mid;
        }
        starts[k] = lo;
    }

    /// <summary>Bucket b = w·half + (j − 1) holds Σ ±P over the entries with key (w &lt;&lt; c) | j, j = 1 … half.</summary>
    public static void BucketSums(Index1D b, ArrayView<int> starts, ArrayView<int> values, ArrayView<G1AffineK> bases, ArrayView<G1JacK> buckets, int c)
    {
        int logHalf = c - 1;
        int w = b >> logHalf;
        int j = (b & ((1 << logHalf) - 1)) + 1;
        int key = (w << c) | j;
        G1JacK acc = G1K.Infinity;
        int end = starts[key + 1];
        for (int p = starts[key]; p < end; p++)
        {
            int v = values[p];
            G1AffineK pt = bases[v & 0x7FFFFFFF];
            if (pt.IsInfinity) continue;
            U32x8 y = v < 0 ? FqK.Neg(pt.Y) : pt.Y;
            acc = G1K.AddMixed(acc, pt.X, y);
        }
        buckets[b] = acc;
    }

    /// <summary>
    /// Segment s of L = 2^logL consecutive buckets X_0…X_{L−1}: weighted[s] = Σ (r+1)·X_r and plain[s] = Σ X_r,
    /// by the running-sum trick from the top (2L additions).
    /// </summary>
    public static void SegmentSums(Index1D s, ArrayView<G1JacK> buckets, ArrayView<G1JacK> weighted, ArrayView<G1JacK> plain, int logL)
    {
        int L = 1 << logL;
        int start = s << logL;
        G1JacK run = G1K.Infinity, acc = G1K.Infinity;
        for (int r = L - 1; r >= 0; r--)
        {
            run = G1K.Add(run, buckets[start + r]);
            acc = G1K.Add(acc, run);
        }
        weighted[s] = acc;
        plain[s] = run;
    }

    /// <summary>
    /// Chunk q of L2 = 2^logL2 segments (G_u weighted, R_u plain): a[q] = Σ G_u, v[q] = Σ u·R_u (u from 0), p[q] = Σ R_u.
    /// </summary>
    public static void ChunkSums(Index1D q, ArrayView<G1JacK> weighted, ArrayView<G1JacK> plain, ArrayView<G1JacK> outA, ArrayView<G1JacK> outV, ArrayView<G1JacK> outP, int logL2)
    {
        int L2 = 1 << logL2;
        int start = q << logL2;
        G1JacK a = G1K.Infinity, run = G1K.Infinity, v = G1K.Infinity;
        for (int u = L2 - 1; u >= 1; u--)
        {
            a = G1K.Add(a, weighted[start + u]);
            run = G1K.Add(run, plain[start + u]);
            v = G1K.Add(v, run);
        }
        a = G1K.Add(a, weighted[start]);
        outA[q] = a;
        outV[q] = v;
        outP[q] = G1K.Add(run, plain[start]);
    }

    // ---------------------------------------------------------------- Poseidon (circomlib: state [0, inputs…], output state[0])

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static U32x8 Pow5(in U32x8 x)
    {
        U32x8 x2 = FrK.Square(x);
        return FrK.Mul(FrK.Square(x2), x);
    }

    /// <summary>Width-3 permutation with the state in registers: hash i of inputs[2i], inputs[2i+1].</summary>
    public static void Poseidon3(Index1D i, ArrayView<U32x8> inputs, ArrayView<U32x8> outputs, ArrayView<U32x8> rc, ArrayView<U32x8> mds, int fullRounds, int partialRounds)
    {
        U32x8 s0 = default, s1 = inputs[2 * i], s2 = inputs[2 * i + 1];
        U32x8 m00 = mds[0], m01 = mds[1], m02 = mds[2], m10 = mds[3], m11 = mds[4], m12 = mds[5], m20 = mds[6], m21 = mds[7], m22 = mds[8];
        int halfFull = fullRounds >> 1;
        int rounds = fullRounds + partialRounds;
        for (int r = 0; r < rounds; r++)
        {
            s0 = FrK.Add(s0, rc[3 * r]);
            s1 = FrK.Add(s1, rc[3 * r + 1]);
            s2 = FrK.Add(s2, rc[3 * r + 2]);
            s0 = Pow5(s0);
            if (r < halfFull || r >= halfFull + partialRounds)
            {
                s1 = Pow5(s1);
                s2 = Pow5(s2);
            }
            U32x8 n0 = FrK.Add(FrK.Add(FrK.Mul(m00, s0), FrK.Mul(m01, s1)), FrK.Mul(m02, s2));
            U32x8 n1 = FrK.Add(FrK.Add(FrK.Mul(m10, s0), FrK.Mul(m11, s1)), FrK.Mul(m12, s2));
            U32x8 n2 = FrK.Add(FrK.Add(FrK.Mul(m20, s0), FrK.Mul(m21, s1)), FrK.Mul(m22, s2));
            s0 = n0; s1 = n1; s2 = n2;
        }
        outputs[i] = s0;
    }

    /// <summary>Any width t: the state of hash i lives in scratch[2t·i … 2t·i + 2t) (state, then the mix buffer).</summary>
    public static void PoseidonAny(Index1D i, ArrayView<U32x8> inputs, ArrayView<U32x8> outputs, ArrayView<U32x8> scratch, ArrayView<U32x8> rc, ArrayView<U32x8> mds, int t, int fullRounds, int partialRounds)
    {
        int st = 2 * t * i, mix = st + t, inBase = (t - 1) * i;
        scratch[st] = default;
        for (int j = 1; j < t; j++) scratch[st + j] = inputs[inBase + j - 1];
        int halfFull = fullRounds >> 1;
        int rounds = fullRounds + partialRounds;
        for (int r = 0; r < rounds; r++)
        {
            bool full = r < halfFull || r >= halfFull + partialRounds;
            for (int j = 0; j < t; j++)
            {
                U32x8 x = FrK.Add(scratch[st + j], rc[r * t + j]);
                if (full || j == 0) x = Pow5(x);
                scratch[st + j] = x;
            }
            for (int row = 0; row < t; row++)
            {
                U32x8 acc = default;
                for (int j = 0; j < t; j++) acc = FrK.Add(acc, FrK.Mul(mds[row * t + j], scratch[st + j]));
                scratch[mix + row] = acc;
            }
            for (int j = 0; j < t; j++) scratch[st + j] = scratch[mix + j];
        }
        outputs[i] = scratch[st];
    }
}
