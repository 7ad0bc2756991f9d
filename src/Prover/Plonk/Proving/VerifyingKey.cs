using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// What the verifier needs: the circuit's shape (gates, lookups, equality columns), k, commitments to the fixed
/// columns and permutation polynomials σ_j, how many public inputs each instance column holds, and the KZG verification points. <see cref="Digest"/> (Keccak-256 of the
/// canonical encoding) is absorbed first into every transcript, binding proofs to this exact circuit.
/// </summary>
public sealed class VerifyingKey
{
    internal VerifyingKey(ConstraintSystem cs, int k, int[] instanceLengths, G1Affine[] fixedCommitments, G1Affine[] permutationCommitments, KzgVerifierKey kzg)
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
    /// <summary>The SRS's verifier points, digest and development flag.</summary>
    public KzgVerifierKey Kzg { get; }
    public byte[] Digest { get; }
    public string DigestHex => Convert.ToHexStringLower(Digest);
}
