using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu;

/// <summary>Span-in/span-out conveniences over the resident-buffer API.</summary>
public static class ComputeDeviceExtensions
{
    public static void Ntt(this IComputeDevice device, Span<Fr> values, NttDirection direction)
    {
        using var v = device.Upload(values);
        device.Ntt(v, direction);
        v.CopyTo(values);
    }

    public static void CosetNtt(this IComputeDevice device, Span<Fr> values, Fr shift, NttDirection direction)
    {
        using var v = device.Upload(values);
        device.CosetNtt(v, shift, direction);
        v.CopyTo(values);
    }

    public static G1Jacobian Msm(this IComputeDevice device, ReadOnlySpan<G1Affine> bases, ReadOnlySpan<Fr> scalars)
    {
        if (bases.Length < scalars.Length) throw new ArgumentException($"MSM needs at least as many bases ({bases.Length}) as scalars ({scalars.Length}).");
        using var b = device.UploadBases(bases[..scalars.Length]);
        using var s = device.Upload(scalars);
        return device.Msm(b, s);
    }
}
