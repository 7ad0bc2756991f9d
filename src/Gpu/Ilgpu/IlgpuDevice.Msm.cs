using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Gpu.Ilgpu;

public sealed partial class IlgpuDevice
{
    private readonly ScratchBuffer<int> _msmKeys = new(), _msmValues = new(), _msmSortTemp = new(), _msmStarts = new();
    private readonly ScratchBuffer<G1JacK> _msmBuckets = new(), _msmWeighted = new(), _msmPlain = new();
    private readonly ScratchBuffer<G1JacK> _msmA = new(), _msmV = new(), _msmP = new();

    /// <summary>log2 of buckets per segment and of segments per chunk in the two-level window reduction (tests shrink them).</summary>
    internal int MsmSegmentLog { get; set; } = 6;
    internal int MsmChunkLog { get; set; } = 5;

    public G1Jacobian Msm(G1Bases bases, FrVector scalars)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var b = Unwrap(bases);
            var s = Unwrap(scalars);
            int n = s.Length;
            if (n > b.Length) throw new ArgumentException($"MSM needs at least as many bases ({b.Length}) as scalars ({n}).");
            if (n == 0) return G1Jacobian.Infinity;
            if (n < MsmCpuThreshold)
            {
                using var cpu = new CpuDevice();
                return cpu.Msm(b.Download(n), s.ToArray());
            }
            int c = MsmWindowBits > 0 ? MsmWindowBits : ChooseWindowBits(n);
            int windows = WindowCount(c);
            int chunk = MaxChunk(c, windows);
            G1Jacobian total = G1Jacobian.Infinity;
            for (int offset = 0; offset < n; offset += chunk)
            {
                int len = Math.Min(chunk, n - offset);
                total += MsmChunk(b.Buffer.View.SubView(offset, len), s.View.SubView(offset, len), len, c, windows);
            }
            return total;
        }
    }

    /// <summary>Signed digits need one window beyond ⌊254/c⌋: the top window holds &lt; 2^(254 mod c) plus a carry ≤ 2^(c−1).</summary>
    internal static int WindowCount(int c) => 254 / c + 1;

    /// <summary>The window size minimising bucket additions (n per window) plus reduction (≈3 per bucket per window).</summary>
    internal static int ChooseWindowBits(int n)
    {
        int best = 2;
        double bestCost = double.MaxValue;
        for (int c = 2; c <= 20; c++)
        {
            int w = WindowCount(c);
            if (c + BitOperations.Log2((uint)w - 1) + 1 > MsmKeyOrder.Bits) break;
            double cost = (double)w * n + 3.0 * w * (1 << (c - 1));
            if (cost < bestCost) { bestCost = cost; best = c; }
        }
        return best;
    }

    /// <summary>Points per launch: about a third of device memory for keys, values and sort storage; positions stay below 2^30.</summary>
    private int MaxChunk(int c, int windows)
    {
        long budget = Math.Max(Accelerator.MemorySize / 3, 64L << 20);
        long bucketBytes = (long)windows * (1L << (c - 1)) * 96 * 2 + ((long)windows << c) * 4;
        long perPoint = 32L * windows;
        long chunk = Math.Max((budget - bucketBytes) / perPoint, 1 << 16);
        chunk = Math.Min(chunk, (1L << 30) / windows);
        return (int)Math.Min(chunk, int.MaxValue);
    }

    private G1Jacobian MsmChunk(ArrayView1D<G1AffineK, Stride1D.Dense> bases, ArrayView1D<U32x8, Stride1D.Dense> scalars, int n, int c, int windows)
    {
        int total = windows * n;
        int half = 1 << (c - 1);
        var keys = _msmKeys.Get(Accelerator, total);
        var values = _msmValues.Get(Accelerator, total);
        var temp = _msmSortTemp.Get(Accelerator, Kernels.SortTempElements(total));
        Kernels.MsmDigits(n, scalars, keys, values, c, windows, n);
        Kernels.SortPairs(Accelerator.DefaultStream, keys, values, temp);

        int keySpace = windows << c;
        var starts = _msmStarts.Get(Accelerator, keySpace + 1);
        Kernels.LowerBounds(keySpace + 1, keys, starts, total);

        int bucketCount = windows * half;
        var buckets = _msmBuckets.Get(Accelerator, bucketCount);
        Kernels.BucketSums(bucketCount, starts, values, bases, buckets, c);

        int segLog = Math.Min(MsmSegmentLog, c - 1);
        int segsPerWindow = half >> segLog;
        var weighted = _msmWeighted.Get(Accelerator, windows * segsPerWindow);
        var plain = _msmPlain.Get(Accelerator, windows * segsPerWindow);
        Kernels.SegmentSums(windows * segsPerWindow, buckets, weighted, plain, segLog);

        int chunkLog = Math.Min(MsmChunkLog, BitOperations.Log2((uint)segsPerWindow));
        int chunksPerWindow = segsPerWindow >> chunkLog;
        int q = windows * chunksPerWindow;
        var outA = _msmA.Get(Accelerator, q);
        var outV = _msmV.Get(Accelerator, q);
        var outP = _msmP.Get(Accelerator, q);
        Kernels.ChunkSums(q, weighted, plain, outA, outV, outP, chunkLog);
        Accelerator.Synchronize();

        var a = new G1JacK[q];
        var v = new G1JacK[q];
        var p = new G1JacK[q];
        outA.Download<G1JacK>(a);
        outV.Download<G1JacK>(v);
        outP.Download<G1JacK>(p);

        // Window w: T_w = Σ_q A_q + 2^segLog·(Σ_q V_q + 2^chunkLog·Σ_q q·P_q); then Σ_w 2^(c·w)·T_w by Horner.
        var windowSums = new G1Jacobian[windows];
        Parallel.For(0, windows, w =>
        {
            G1Jacobian sumA = G1Jacobian.Infinity, sumV = G1Jacobian.Infinity, run = G1Jacobian.Infinity, weightedP = G1Jacobian.Infinity;
            int baseIndex = w * chunksPerWindow;
            for (int k = chunksPerWindow - 1; k >= 0; k--)
            {
                sumA += a[baseIndex + k].ToHost();
                sumV += v[baseIndex + k].ToHost();
                if (k >= 1)
                {
                    run += p[baseIndex + k].ToHost();
                    weightedP += run;
                }
            }
            G1Jacobian inner = sumV + DoubleTimes(weightedP, chunkLog);
            windowSums[w] = sumA + DoubleTimes(inner, segLog);
        });
        G1Jacobian result = windowSums[windows - 1];
        for (int w = windows - 2; w >= 0; w--) result = DoubleTimes(result, c) + windowSums[w];
        return result;
    }

    private static G1Jacobian DoubleTimes(G1Jacobian p, int k)
    {
        for (int i = 0; i < k; i++) p = p.Double();
        return p;
    }
}
