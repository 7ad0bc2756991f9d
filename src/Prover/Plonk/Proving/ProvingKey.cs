using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>The proving key: the verifying key plus every fixed polynomial in the three forms the prover uses.</summary>
public sealed class ProvingKey : IDisposable
{
    internal ProvingKey(VerifyingKey vk, KzgCommitter committer, Fr[][] fixedValues, Fr[][] fixedCoefficients, Fr[][] sigmaValues, Fr[][] sigmaCoefficients, IComputeDevice device)
    {
        Vk = vk;
        Committer = committer;
        Device = device;
        FixedValues = fixedValues;
        SigmaValues = sigmaValues;
        var d = vk.Domain;
        FixedCoefficients = fixedCoefficients;
        FixedExtended = FixedCoefficients.Select(c => d.CoefficientsToExtended(device, c)).ToArray();
        SigmaCoefficients = sigmaCoefficients;
        SigmaExtended = SigmaCoefficients.Select(c => d.CoefficientsToExtended(device, c)).ToArray();
        var layout = vk.Layout;
        var l0 = new Fr[d.N]; l0[0] = Fr.One;
        var lLast = new Fr[d.N]; lLast[layout.LastRow] = Fr.One;
        var lActive = new Fr[d.N]; lActive.AsSpan(0, layout.UsableRows).Fill(Fr.One);
        L0Extended = d.CoefficientsToExtended(device, ToCoefficients(d, device, l0));
        LLastExtended = d.CoefficientsToExtended(device, ToCoefficients(d, device, lLast));
        LActiveExtended = d.CoefficientsToExtended(device, ToCoefficients(d, device, lActive));
    }

    public VerifyingKey Vk { get; }
    public IComputeDevice Device { get; }
    /// <summary>The shape keygen saw; null for a key read from bytes (the prover then checks copies through σ).</summary>
    public CircuitShape? Shape { get; internal init; }
    internal KzgCommitter Committer { get; }
    internal Fr[][] FixedValues { get; }
    internal Fr[][] FixedCoefficients { get; }
    internal Fr[][] FixedExtended { get; }
    internal Fr[][] SigmaValues { get; }
    internal Fr[][] SigmaCoefficients { get; }
    internal Fr[][] SigmaExtended { get; }
    internal Fr[] L0Extended { get; }
    internal Fr[] LLastExtended { get; }
    internal Fr[] LActiveExtended { get; }

    internal static Fr[] ToCoefficients(EvaluationDomain d, IComputeDevice device, Fr[] values)
    {
        var c = (Fr[])values.Clone();
        d.LagrangeToCoefficients(device, c);
        return c;
    }

    /// <summary>
    /// This key on another device, to prove there: the same polynomials (shared, read-only), the SRS uploaded to
    /// that device; nothing is recommitted, so it costs a few NTTs, not a keygen. Dispose it apart from this key.
    /// </summary>
    public ProvingKey On(IComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var committer = new KzgCommitter(Committer.Srs, device);
        try
        {
            return new ProvingKey(Vk, committer, FixedValues, FixedCoefficients, SigmaValues, SigmaCoefficients, device) { Shape = Shape };
        }
        catch
        {
            committer.Dispose();
            throw;
        }
    }

    public void Dispose() => Committer.Dispose();
}
