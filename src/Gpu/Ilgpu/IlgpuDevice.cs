using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Ilgpu;

/// <summary>
/// The ILGPU backend: one accelerator (CUDA, OpenCL, or ILGPU's CPU accelerator for tests). Vectors stay on the device
/// in the CPU's Montgomery layout, so uploads and downloads are raw copies of Fr limbs. One caller at a time.
/// </summary>
public sealed partial class IlgpuDevice : IComputeDevice
{
    private readonly Context _context;
    private readonly object _gate = new();
    private bool _disposed;

    static IlgpuDevice()
    {
        // The raw-copy uploads rely on these layouts.
        if (Unsafe.SizeOf<Fr>() != 32 || Unsafe.SizeOf<U32x8>() != 32 || Unsafe.SizeOf<Fq>() != 32)
            throw new PlatformNotSupportedException("Unexpected field element layout: expected 32-byte Fr and Fq.");
    }

    internal IlgpuDevice(Context context, Accelerator accelerator, DeviceSpec spec)
    {
        _context = context;
        Accelerator = accelerator;
        Spec = spec;
        Description = accelerator.AcceleratorType == AcceleratorType.CPU
            ? $"ILGPU CPU accelerator ({accelerator.MaxNumThreads} simulated threads, host memory; for tests, not speed)"
            : $"{accelerator.Name} ({accelerator.AcceleratorType}, {IlgpuDevices.FormatBytes(accelerator.MemorySize)}, ILGPU)";
        Kernels = new IlgpuKernelSet(accelerator);
    }

    public DeviceSpec Spec { get; }
    public string Description { get; }
    internal Accelerator Accelerator { get; }
    internal IlgpuKernelSet Kernels { get; }
    internal bool IsCpuAccelerator => Accelerator.AcceleratorType == AcceleratorType.CPU;

    /// <summary>Whether the kernels use the PTX carry-chain multiplication (CUDA, unless ZKML_GPU_NO_PTX is set).</summary>
    internal bool UsesPtx => Accelerator.AcceleratorType == AcceleratorType.Cuda && KernelSettings.UsePtx;

    /// <summary>MSMs with fewer points run on the managed CPU backend (kernel launches and the bucket reduction dominate there).</summary>
    internal int MsmCpuThreshold { get; set; } = 1 << 11;

    /// <summary>Window size for the MSM; 0 picks one from the size.</summary>
    internal int MsmWindowBits { get; set; }

    public FrVector Allocate(int length)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var v = new IlgpuFrVector(this, length);
        v.Buffer.MemSetToZero();
        Accelerator.Synchronize();
        return v;
    }

    public FrVector Upload(ReadOnlySpan<Fr> values)
    {
        ThrowIfDisposed();
        var v = new IlgpuFrVector(this, values.Length);
        v.CopyFrom(values);
        return v;
    }

    public G1Bases UploadBases(ReadOnlySpan<G1Affine> points)
    {
        ThrowIfDisposed();
        var host = new G1AffineK[points.Length];
        for (int i = 0; i < points.Length; i++) host[i] = G1AffineK.FromHost(points[i]);
        var bases = new IlgpuG1Bases(this, points.Length);
        if (host.Length > 0) bases.Buffer.View.Upload<G1AffineK>(host);
        return bases;
    }

    internal IlgpuFrVector Unwrap(FrVector v)
    {
        if (v is IlgpuFrVector g && ReferenceEquals(g.Device, this)) { g.ThrowIfDisposed(); return g; }
        throw new ArgumentException("Vector belongs to another device.");
    }

    internal IlgpuG1Bases Unwrap(G1Bases b)
    {
        if (b is IlgpuG1Bases g && ReferenceEquals(g.Device, this)) { g.ThrowIfDisposed(); return g; }
        throw new ArgumentException("Bases belong to another device.");
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Runs the field test kernel: per element Fr a·b, a+b, a−b and Fq a·b, a+b, a−b (raw limbs).</summary>
    internal U256[] FieldOps(ReadOnlySpan<U256> a, ReadOnlySpan<U256> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Operands differ in length.");
        ThrowIfDisposed();
        int n = a.Length;
        if (n == 0) return [];
        using var da = Accelerator.Allocate1D<U32x8>(n);
        using var db = Accelerator.Allocate1D<U32x8>(n);
        using var dr = Accelerator.Allocate1D<U32x8>(6L * n);
        da.View.Upload<U32x8>(MemoryMarshal.Cast<U256, U32x8>(a));
        db.View.Upload<U32x8>(MemoryMarshal.Cast<U256, U32x8>(b));
        Kernels.FieldOps(n, da.View, db.View, dr.View);
        var result = new U256[6 * n];
        dr.View.Download<U32x8>(MemoryMarshal.Cast<U256, U32x8>(result.AsSpan()));
        return result;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            DisposeCaches();
            Accelerator.Dispose();
            _context.Dispose();
        }
    }
}

/// <summary>An Fr vector in device memory (32 bytes per element, Montgomery form).</summary>
internal sealed class IlgpuFrVector : FrVector
{
    private bool _disposed;

    public IlgpuFrVector(IlgpuDevice device, int length) : base(device, length)
    {
        Buffer = device.Accelerator.Allocate1D<U32x8>(length);
    }

    public MemoryBuffer1D<U32x8, Stride1D.Dense> Buffer { get; }
    public ArrayView1D<U32x8, Stride1D.Dense> View => Buffer.View;

    public override void CopyFrom(ReadOnlySpan<Fr> source)
    {
        ThrowIfDisposed();
        CheckLength(source.Length);
        Buffer.View.Upload<U32x8>(MemoryMarshal.Cast<Fr, U32x8>(source));
    }

    public override void CopyTo(Span<Fr> destination)
    {
        ThrowIfDisposed();
        CheckLength(destination.Length);
        Buffer.View.Download<U32x8>(MemoryMarshal.Cast<Fr, U32x8>(destination));
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public override void Dispose()
    {
        if (!_disposed) { _disposed = true; Buffer.Dispose(); }
        base.Dispose();
    }
}

/// <summary>Affine G1 points in device memory (64 bytes each; the identity as (0, 0)).</summary>
internal sealed class IlgpuG1Bases : G1Bases
{
    private bool _disposed;

    public IlgpuG1Bases(IlgpuDevice device, int length) : base(device, length)
    {
        Buffer = device.Accelerator.Allocate1D<G1AffineK>(length);
    }

    public MemoryBuffer1D<G1AffineK, Stride1D.Dense> Buffer { get; }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>The first count points back on the host (for the small-MSM CPU path).</summary>
    public G1Affine[] Download(int count)
    {
        var raw = new G1AffineK[count];
        if (count > 0) Buffer.View.SubView(0, count).Download<G1AffineK>(raw);
        var result = new G1Affine[count];
        for (int i = 0; i < count; i++) result[i] = raw[i].ToHost();
        return result;
    }

    public override void Dispose()
    {
        if (!_disposed) { _disposed = true; Buffer.Dispose(); }
        base.Dispose();
    }
}

/// <summary>
/// Span copies between host and dense device views; every host transfer goes through here. ILGPU's ref-based copies
/// turn the ref into a raw pointer without pinning it, so a GC that moves the host array mid-copy makes the copy read or
/// write the array's old location (a download of all zeros, or heap corruption). Pinning for the copy prevents that.
/// </summary>
internal static class ViewCopy
{
    public static unsafe void Upload<T>(this ArrayView1D<T, Stride1D.Dense> view, ReadOnlySpan<T> source) where T : unmanaged
    {
        if (source.Length != view.Length) throw new ArgumentException($"Length mismatch: view {view.Length}, span {source.Length}.");
        if (source.Length == 0) return;
        fixed (T* p = source) view.CopyFromCPU(ref Unsafe.AsRef<T>(p), source.Length);
    }

    public static unsafe void Download<T>(this ArrayView1D<T, Stride1D.Dense> view, Span<T> destination) where T : unmanaged
    {
        if (destination.Length != view.Length) throw new ArgumentException($"Length mismatch: view {view.Length}, span {destination.Length}.");
        if (destination.Length == 0) return;
        fixed (T* p = destination) view.CopyToCPU(ref Unsafe.AsRef<T>(p), destination.Length);
    }
}
