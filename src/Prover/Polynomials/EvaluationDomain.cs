using ZkmlGpu.Field;
using ZkmlGpu.Gpu;

namespace ZkmlGpu.Prover.Polynomials;

/// <summary>
/// The multiplicative subgroup H = ⟨ω⟩ of size n = 2^k that indexes circuit rows, and the extended coset g·H_ext
/// (size n·<see cref="ExtensionFactor"/>, g the multiplicative generator 5, which lies outside every 2-power subgroup)
/// on which the prover evaluates constraints of degree up to <see cref="ExtensionFactor"/> + 1 without hitting
/// the zeros of Z_H. NTTs run on the given device.
/// </summary>
public sealed class EvaluationDomain
{
    public EvaluationDomain(int k, int systemDegree)
    {
        if (k is < 1 or > 26) throw new ArgumentOutOfRangeException(nameof(k), "k must be in [1, 26].");
        if (systemDegree < 2) throw new ArgumentOutOfRangeException(nameof(systemDegree));
        K = k;
        N = 1 << k;
        int extLog = 0;
        while ((1 << extLog) < systemDegree - 1) extLog++;
        ExtendedK = k + extLog;
        if (ExtendedK > Bn254Constants.FrTwoAdicity) throw new ArgumentOutOfRangeException(nameof(k), "The extended domain exceeds Fr's 2-adicity.");
        ExtendedN = 1 << ExtendedK;
        ExtensionFactor = 1 << extLog;
        Omega = Fr.RootOfUnity(k);
        OmegaInverse = Omega.Inverse();
        ExtendedOmega = Fr.RootOfUnity(ExtendedK);
        NInverse = Fr.FromUInt64((ulong)N).Inverse();
        CosetShift = Fr.MultiplicativeGenerator;

        // Z_H(g·ω_ext^i) = g^n·ω_ext^(i·n) − 1 takes only ExtensionFactor distinct values, all non-zero.
        var gn = CosetShift.Pow((ulong)N);
        var step = ExtendedOmega.Pow((ulong)N);
        VanishingInverseOnCoset = new Fr[ExtensionFactor];
        Fr w = Fr.One;
        for (int i = 0; i < ExtensionFactor; i++) { VanishingInverseOnCoset[i] = (gn * w - Fr.One).Inverse(); w *= step; }
    }

    public int K { get; }
    public int N { get; }
    public int ExtendedK { get; }
    public int ExtendedN { get; }
    public int ExtensionFactor { get; }
    public Fr Omega { get; }
    public Fr OmegaInverse { get; }
    public Fr ExtendedOmega { get; }
    public Fr NInverse { get; }
    public Fr CosetShift { get; }
    /// <summary>1/Z_H at extended index i is element i mod ExtensionFactor.</summary>
    public Fr[] VanishingInverseOnCoset { get; }

    /// <summary>ω^rotation (negative rotations allowed).</summary>
    public Fr RotationFactor(int rotation) => rotation >= 0 ? Omega.Pow((ulong)rotation) : OmegaInverse.Pow((ulong)(-rotation));

    public Fr Rotate(Fr x, int rotation) => x * RotationFactor(rotation);

    /// <summary>Z_H(x) = x^n − 1.</summary>
    public Fr VanishingAt(Fr x) => x.Pow((ulong)N) - Fr.One;

    /// <summary>
    /// L_i(x) for i in [from, from + count): L_i(x) = ω^i·(x^n − 1) / (n·(x − ω^i)). x must not be in H
    /// (for a Fiat–Shamir point that happens with negligible probability; it throws rather than mislead).
    /// </summary>
    public Fr[] LagrangeAt(Fr x, int from, int count)
    {
        var result = new Fr[count];
        Fr zh = VanishingAt(x);
        if (zh.IsZero) throw new ArgumentException("The evaluation point lies in the domain H.");
        Fr wi = RotationFactor(from);
        var denominators = new Fr[count];
        var numerators = new Fr[count];
        for (int i = 0; i < count; i++) { denominators[i] = x - wi; numerators[i] = wi; wi *= Omega; }
        FieldBatch.InvertNonZero<Fr>(denominators);
        Fr scale = zh * NInverse;
        for (int i = 0; i < count; i++) result[i] = numerators[i] * denominators[i] * scale;
        return result;
    }

    /// <summary>Σ values[i]·L_i(x): the evaluation at x of the polynomial with these values on the first rows.</summary>
    public Fr EvaluateLagrange(ReadOnlySpan<Fr> values, Fr x)
    {
        if (values.Length == 0) return Fr.Zero;
        var l = LagrangeAt(x, 0, values.Length);
        Fr acc = Fr.Zero;
        for (int i = 0; i < values.Length; i++) acc += values[i] * l[i];
        return acc;
    }

    /// <summary>Values on H (length n) → coefficients, in place on the host array via the device.</summary>
    public void LagrangeToCoefficients(IComputeDevice device, Fr[] values)
    {
        CheckLength(values.Length, N);
        Transform(device, values, v => device.Ntt(v, NttDirection.Inverse));
    }

    /// <summary>Coefficients (length ≤ n) → values on the extended coset (a new array of ExtendedN).</summary>
    public Fr[] CoefficientsToExtended(IComputeDevice device, ReadOnlySpan<Fr> coefficients)
    {
        if (coefficients.Length > ExtendedN) throw new ArgumentException("Too many coefficients for the extended domain.");
        var result = new Fr[ExtendedN];
        coefficients.CopyTo(result);
        Transform(device, result, v => device.CosetNtt(v, CosetShift, NttDirection.Forward));
        return result;
    }

    /// <summary>Values on the extended coset → coefficients (length ExtendedN), in place.</summary>
    public void ExtendedToCoefficients(IComputeDevice device, Fr[] values)
    {
        CheckLength(values.Length, ExtendedN);
        Transform(device, values, v => device.CosetNtt(v, CosetShift, NttDirection.Inverse));
    }

    private static void Transform(IComputeDevice device, Fr[] values, Action<FrVector> op)
    {
        var borrowed = device.Borrow(values);
        using var v = borrowed ?? device.Upload(values);
        op(v);
        if (borrowed == null) v.CopyTo(values);
    }

    private static void CheckLength(int actual, int expected)
    {
        if (actual != expected) throw new ArgumentException($"Expected {expected} values, got {actual}.");
    }
}
