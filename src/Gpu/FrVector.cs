using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu;

/// <summary>A vector of Fr elements resident on a device. Dispose frees the device memory.</summary>
public abstract class FrVector : IDisposable
{
    protected FrVector(IComputeDevice device, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Device = device;
        Length = length;
    }

    public IComputeDevice Device { get; }
    public int Length { get; }

    public abstract void CopyFrom(ReadOnlySpan<Fr> source);
    public abstract void CopyTo(Span<Fr> destination);

    public Fr[] ToArray()
    {
        var result = new Fr[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>Host memory backing the vector when the device shares it (the CPU backend); null otherwise.</summary>
    public virtual Memory<Fr>? HostMemory => null;

    protected void CheckLength(int length)
    {
        if (length != Length) throw new ArgumentException($"Length mismatch: vector has {Length} elements, span has {length}.");
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>A set of affine G1 points (e.g. the SRS) resident on a device.</summary>
public abstract class G1Bases : IDisposable
{
    protected G1Bases(IComputeDevice device, int length)
    {
        Device = device;
        Length = length;
    }

    public IComputeDevice Device { get; }
    public int Length { get; }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
