using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>An opening of one polynomial at a point: the value p(z) and the proof π = [(p − p(z))/(X − z)]₁.</summary>
public readonly record struct KzgOpening(Fr Value, G1Affine Proof);

/// <summary>
/// Commits to polynomials in coefficient form with an SRS resident on a compute device: the SRS bases are
/// uploaded once (<see cref="G1Bases"/>) and every commitment is one MSM on the device. Not thread safe (one
/// caller at a time, like the device). Dispose frees the device copy of the bases.
/// </summary>
public sealed class KzgCommitter : IDisposable
{
    public KzgCommitter(Srs srs, IComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(srs);
        ArgumentNullException.ThrowIfNull(device);
        Srs = srs;
        Device = device;
        G1Bases = device.UploadBases(srs.G1Powers.Span);
    }

    public Srs Srs { get; }
    public IComputeDevice Device { get; }
    /// <summary>The SRS powers on the device; valid until Dispose.</summary>
    public G1Bases G1Bases { get; }
    /// <summary>Commitments accept polynomials of degree below Size.</summary>
    public int Size => Srs.Size;

    /// <summary>The verifier key of this committer's SRS.</summary>
    public KzgVerifierKey VerifierKey => Srs.VerifierKey;

    /// <summary>[p(τ)]₁. Trailing zero coefficients are ignored; throws if the degree is ≥ <see cref="Size"/>.</summary>
    public G1Affine Commit(ReadOnlySpan<Fr> coefficients)
    {
        var trimmed = CheckDegree(coefficients);
        if (trimmed.IsEmpty) return G1Affine.Infinity;
        using var scalars = Device.Upload(trimmed);
        return Device.Msm(G1Bases, scalars).ToAffine();
    }

    /// <summary>As <see cref="Commit(ReadOnlySpan{Fr})"/>; a device computing in host memory reads the array in place.</summary>
    public G1Affine Commit(Fr[] coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        var trimmed = CheckDegree(coefficients);
        if (trimmed.IsEmpty) return G1Affine.Infinity;
        if (trimmed.Length != coefficients.Length || Device.Borrow(coefficients) is not { } borrowed) return Commit(trimmed);
        using (borrowed) return Device.Msm(G1Bases, borrowed).ToAffine();
    }

    /// <summary>[p(τ)]₁ for coefficients already on the device (the vector must be on this committer's device).</summary>
    public G1Affine Commit(FrVector coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (!ReferenceEquals(coefficients.Device, Device)) throw new ArgumentException("The vector lives on another device.", nameof(coefficients));
        if (coefficients.Length == 0) return G1Affine.Infinity;
        if (coefficients.Length <= Size) return Device.Msm(G1Bases, coefficients).ToAffine();
        // Longer than the SRS: allowed only when the excess is zero; checked on the host (the unusual path).
        return Commit(coefficients.HostMemory is { } host ? host.Span : coefficients.ToArray());
    }

    /// <summary>Opens p at z: returns p(z) and π = [(p − p(z))/(X − z)]₁.</summary>
    public KzgOpening Open(ReadOnlySpan<Fr> coefficients, Fr z)
    {
        var trimmed = CheckDegree(coefficients);
        if (trimmed.IsEmpty) return new KzgOpening(Fr.Zero, G1Affine.Infinity);
        var quotient = PolynomialOps.DivideByLinear(trimmed, z, out Fr value); // the remainder of division by X − z is p(z)
        return new KzgOpening(value, Commit(quotient));
    }

    private ReadOnlySpan<Fr> CheckDegree(ReadOnlySpan<Fr> coefficients, int? index = null)
    {
        var trimmed = PolynomialOps.Trim(coefficients);
        if (trimmed.Length > Size)
            throw new ArgumentException(
                $"Polynomial{(index is int i ? $" {i}" : "")} has degree {trimmed.Length - 1}, but the SRS of size {Size} commits only to degree below {Size}.",
                nameof(coefficients));
        return trimmed;
    }

    public void Dispose() => G1Bases.Dispose();
}
