using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>Key generation: commits the fixed columns and the copy-constraint permutation of a circuit.</summary>
public static class Keygen
{
    /// <summary>
    /// Builds the keys for a circuit shape: its fixed values, selectors, tables and copies (no witness). k defaults
    /// to the smallest that fits. The SRS needs at least 2^k powers; the device runs every NTT and MSM and must
    /// outlive the proving key. The key proves every witness of the same shape.
    /// </summary>
    public static ProvingKey Create(Srs srs, IComputeDevice device, CircuitShape shape, int? k = null)
    {
        ArgumentNullException.ThrowIfNull(srs);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(shape);
        var cs = shape.ConstraintSystem;
        int kk = k ?? shape.MinimumK;
        var layout = new ProofLayout(cs, kk);
        shape.CheckFits(layout.N, layout.UsableRows);
        if (srs.Size < layout.N) throw new ArgumentException($"The SRS has {srs.Size} powers; 2^{kk} = {layout.N} are needed.");
        var committer = new KzgCommitter(srs.Truncate(layout.N), device);
        try
        {
            var domain = new EvaluationDomain(kk, cs.Degree);
            var fixedValues = shape.FixedValues(layout.N, layout.UsableRows);
            var sigmaValues = PermutationArgument.BuildSigmaValues(cs, shape.Copies, domain);
            var fixedCoefficients = fixedValues.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
            var sigmaCoefficients = sigmaValues.Select(v => ProvingKey.ToCoefficients(domain, device, v)).ToArray();
            var fixedCommitments = fixedCoefficients.Select(c => committer.Commit(c)).ToArray();
            var sigmaCommitments = sigmaCoefficients.Select(c => committer.Commit(c)).ToArray();
            var vk = new VerifyingKey(cs, kk, shape.InstanceLengths.ToArray(), fixedCommitments, sigmaCommitments, srs.VerifierKey);
            return new ProvingKey(vk, committer, fixedValues, fixedCoefficients, sigmaValues, sigmaCoefficients, device) { Shape = shape };
        }
        catch
        {
            committer.Dispose();
            throw;
        }
    }

    /// <summary>Keys for a circuit laid out without its witness (<see cref="CircuitShape.Of(ICircuit)"/>).</summary>
    public static ProvingKey Create(Srs srs, IComputeDevice device, ICircuit circuit, int? k = null) =>
        Create(srs, device, CircuitShape.Of(circuit), k);

    /// <summary>Keys for the shape of a builder; its advice values, if any, are ignored.</summary>
    public static ProvingKey Create(Srs srs, IComputeDevice device, CircuitBuilder builder, int? k = null) =>
        Create(srs, device, builder.ToShape(), k);
}
