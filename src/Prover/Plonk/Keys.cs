using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// What the verifier needs: the circuit's shape (gates, lookups, equality columns), k, commitments to the fixed
/// columns and permutation polynomials σ_j, how many public inputs each instance column holds, and the KZG
/// verification points. <see cref="Digest"/> (Keccak-256 of the
/// canonical encoding) is absorbed first into every transcript, binding proofs to this exact circuit.
/// </summary>
public sealed class VerifyingKey
{
    internal VerifyingKey(ConstraintSystem cs, int k, int[] instanceLengths, G1Affine[] fixedCommitments, G1Affine[] permutationCommitments, KzgVerifierParams kzg)
    {
        InstanceLengths = instanceLengths;
        ConstraintSystem = cs;
        K = k;
        Layout = new ProofLayout(cs, k);
        Domain = new EvaluationDomain(k, cs.Degree);
        FixedCommitments = fixedCommitments;
        PermutationCommitments = permutationCommitments;
        Kzg = kzg;
        if (fixedCommitments.Length != cs.FixedCount) throw new ArgumentException("One commitment per fixed column is required.");
        if (permutationCommitments.Length != cs.EqualityColumns.Count) throw new ArgumentException("One permutation commitment per equality column is required.");
        if (instanceLengths.Length != cs.InstanceCount || instanceLengths.Any(l => l < 0 || l > Layout.UsableRows))
            throw new ArgumentException($"One public-input count (0 … {Layout.UsableRows}) per instance column is required.");
        Digest = Transcript.Keccak256.Hash(KeyEncoding.EncodeVerifyingKeyBody(this));
    }

    public ConstraintSystem ConstraintSystem { get; }
    public int K { get; }
    public ProofLayout Layout { get; }
    public EvaluationDomain Domain { get; }
    public IReadOnlyList<G1Affine> FixedCommitments { get; }
    public IReadOnlyList<G1Affine> PermutationCommitments { get; }
    /// <summary>The number of public inputs of each instance column; proofs are checked against exactly these.</summary>
    public IReadOnlyList<int> InstanceLengths { get; }
    public KzgVerifierParams Kzg { get; }
    public byte[] Digest { get; }
    public string DigestHex => Convert.ToHexStringLower(Digest);
}

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

    public void Dispose() => Committer.Dispose();
}

/// <summary>Key generation: commits the fixed columns and the copy-constraint permutation of a circuit.</summary>
public static class Keygen
{
    /// <summary>
    /// Builds the keys for the circuit laid out in <paramref name="builder"/> (only its fixed values, selectors,
    /// tables, copies and the number of public inputs per instance column are used; advice may be dummy). k defaults to the smallest that fits. The SRS needs at
    /// least 2^k powers; the device runs every NTT and MSM and must outlive the proving key.
    /// </summary>
    public static ProvingKey Create(Srs srs, IComputeDevice device, CircuitBuilder builder, int? k = null)
    {
        ArgumentNullException.ThrowIfNull(srs);
        ArgumentNullException.ThrowIfNull(device);
        var cs = builder.ConstraintSystem;
        int kk = k ?? builder.MinimumK;
        var layout = new ProofLayout(cs, kk);
        builder.CheckFits(layout.N, layout.UsableRows);
        if (srs.Size < layout.N) throw new ArgumentException($"The SRS has {srs.Size} powers; 2^{kk} = {layout.N} are needed.");
        var committer = new KzgCommitter(srs.Truncate(layout.N), device);
        try
        {
            var domain = new EvaluationDomain(kk, cs.Degree);
            var fixedValues = builder.FixedValues(layout.N, layout.UsableRows);
            var sigmaValues = PermutationArgument.BuildSigmaValues(cs, builder.Copies, domain);
            var fixedCoefficients = fixedValues.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
            var sigmaCoefficients = sigmaValues.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
            var fixedCommitments = fixedCoefficients.Select(c => committer.Commit(c)).ToArray();
            var sigmaCommitments = sigmaCoefficients.Select(c => committer.Commit(c)).ToArray();
            var instanceLengths = builder.PublicInputs.Select(c => c.Length).ToArray();
            var vk = new VerifyingKey(cs, kk, instanceLengths, fixedCommitments, sigmaCommitments, KzgVerifierParams.From(srs));
            return new ProvingKey(vk, committer, fixedValues, fixedCoefficients, sigmaValues, sigmaCoefficients, device);
        }
        catch
        {
            committer.Dispose();
            throw;
        }
    }
}
