using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Ilgpu;

public sealed partial class IlgpuDevice
{
    // Twiddles ω^k (k < N/2) for the largest N seen; smaller sizes read them with a stride (the roots are consistent).
    private MemoryBuffer1D<U32x8, Stride1D.Dense>? _twForward, _twInverse;
    private int _twLog = -1;
    private readonly ScratchBuffer<U32x8> _powTable = new();

    /// <summary>Stages fused per shared-memory pass, log2 of the tile (tests lower it to exercise the strided passes).</summary>
    internal int NttMaxLogTile { get; set; } = 10;

    public void Ntt(FrVector values, NttDirection direction)
    {
        CheckDirection(direction);
        lock (_gate)
        {
            ThrowIfDisposed();
            var v = Unwrap(values);
            int logN = CheckNttSize(v.Length);
            if (logN == 0) return;
            Transform(v.View, logN, direction == NttDirection.Inverse);
            if (direction == NttDirection.Inverse)
                Kernels.Scale(v.Length, v.View, ToK(Fr.FromUInt64((ulong)v.Length).Inverse()));
            Accelerator.Synchronize();
        }
    }

    public void CosetNtt(FrVector values, Fr shift, NttDirection direction)
    {
        CheckDirection(direction);
        if (shift.IsZero) throw new ArgumentException("The coset shift must be non-zero.", nameof(shift));
        lock (_gate)
        {
            ThrowIfDisposed();
            var v = Unwrap(values);
            int logN = CheckNttSize(v.Length);
            int n = v.Length;
            if (direction == NttDirection.Forward)
            {
                // Coefficient i times shift^i, then evaluate on H.
                MultiplyByPowers(v.View, n, shift, Fr.One);
                if (logN > 0) Transform(v.View, logN, inverse: false);
            }
            else
            {
                // Interpolate on H, then coefficient i times n⁻¹·shift⁻ⁱ (the 1/n folded into the same pass).
                if (logN > 0) Transform(v.View, logN, inverse: true);
                MultiplyByPowers(v.View, n, shift.Inverse(), Fr.FromUInt64((ulong)n).Inverse());
            }
            Accelerator.Synchronize();
        }
    }

    private static void CheckDirection(NttDirection direction)
    {
        if (direction is not (NttDirection.Forward or NttDirection.Inverse))
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown NTT direction.");
    }

    private static int CheckNttSize(int n)
    {
        if (n == 0 || !BitOperations.IsPow2(n))
            throw new ArgumentException($"NTT size must be a power of two, got {n}.");
        int logN = BitOperations.Log2((uint)n);
        if (logN > Bn254Constants.FrTwoAdicity)
            throw new ArgumentException($"NTT size 2^{logN} exceeds Fr's two-adicity 2^{Bn254Constants.FrTwoAdicity}.");
        return logN;
    }

    internal static U32x8 ToK(Fr x) => U32x8.FromU256(x.Mont);

    /// <summary>Natural-order in, natural-order out radix-2 transform (no 1/n scaling).</summary>
    private void Transform(ArrayView1D<U32x8, Stride1D.Dense> data, int logN, bool inverse)
    {
        EnsureTwiddles(logN);
        var tw = (inverse ? _twInverse : _twForward)!.View;
        int n = 1 << logN;
        Kernels.BitReverse(n, data, logN);
        int maxThreads = Math.Min(Accelerator.MaxNumThreadsPerGroup, 256);
        int maxLogTile = Math.Max(1, Math.Min(NttMaxLogTile, BitOperations.Log2((uint)IlgpuKernels.TileMax)));
        for (int s0 = 0; s0 < logN; s0 += maxLogTile)
        {
            int logL = Math.Min(maxLogTile, logN - s0);
            int threads = Math.Min(1 << (logL - 1), maxThreads);
            Kernels.ButterflyTile(new KernelConfig(n >> logL, threads), data, tw, logL, _twLog, s0);
        }
    }

    private void EnsureTwiddles(int logN)
    {
        if (logN <= _twLog) return;
        _twForward?.Dispose(); _twInverse?.Dispose();
        int half = 1 << (logN - 1);
        _twForward = Accelerator.Allocate1D<U32x8>(half);
        _twInverse = Accelerator.Allocate1D<U32x8>(half);
        Fr root = Fr.RootOfUnity(logN);
        WritePowers(_twForward.View, half, root, Fr.One, multiply: false);
        WritePowers(_twInverse.View, half, root.Inverse(), Fr.One, multiply: false);
        _twLog = logN;
    }

    private void MultiplyByPowers(ArrayView1D<U32x8, Stride1D.Dense> data, int n, Fr g, Fr c) => WritePowers(data, n, g, c, multiply: true);

    /// <summary>data[i] = c·g^i, or data[i] ·= c·g^i.</summary>
    private void WritePowers(ArrayView1D<U32x8, Stride1D.Dense> data, int n, Fr g, Fr c, bool multiply)
    {
        const int chunk = 64;
        int bits = Math.Max(1, BitOperations.Log2((uint)n) + 1);
        var table = new U32x8[bits];
        Fr p = g;
        for (int k = 0; k < bits; k++) { table[k] = ToK(p); p = p.Square(); }
        var view = _powTable.Get(Accelerator, bits);
        view.Upload<U32x8>(table);
        int threads = (n + chunk - 1) / chunk;
        Kernels.Powers(threads, data, view, ToK(c), chunk, n, multiply ? 1 : 0);
        // The table buffer is reused by the next call: wait until this kernel has read it.
        Accelerator.Synchronize();
    }
}

/// <summary>A device buffer kept between calls and grown on demand ("allocate once and reuse").</summary>
internal sealed class ScratchBuffer<T> : IDisposable where T : unmanaged
{
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    public ArrayView1D<T, Stride1D.Dense> Get(Accelerator accelerator, long length)
    {
        if (_buffer is null || _buffer.Length < length)
        {
            _buffer?.Dispose();
            _buffer = accelerator.Allocate1D<T>(Math.Max(length, 1));
        }
        return _buffer.View.SubView(0, length);
    }

    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
    }
}
