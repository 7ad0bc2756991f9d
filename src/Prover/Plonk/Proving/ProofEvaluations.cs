using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

internal readonly record struct ProductEvaluations(Fr AtX, Fr AtNext, Fr AtLast);

internal readonly record struct LookupEvaluations(Fr Multiplicity, Fr SumAtX, Fr SumAtNext);

/// <summary>The flat evaluation list of a proof, read through the layout's <see cref="ProofLayout.Openings"/>.</summary>
internal sealed class ProofEvaluations
{
    private readonly ProofLayout _layout;
    private readonly Fr[] _flat;

    public ProofEvaluations(ProofLayout layout, Fr[] flat)
    {
        if (flat.Length != layout.EvaluationCount) throw new InvalidEncodingException($"Expected {layout.EvaluationCount} evaluations, got {flat.Length}.");
        _layout = layout;
        _flat = flat;
        Sigma = new Fr[layout.PermutationColumns.Count];
        for (int j = 0; j < Sigma.Length; j++) Sigma[j] = At(PolynomialKind.PermutationSigma, j, 0);
        PermutationProducts = new ProductEvaluations[layout.PermutationChunks];
        for (int c = 0; c < layout.PermutationChunks; c++)
        {
            Fr atLast = layout.LinkedChunks && c < layout.PermutationChunks - 1 ? At(PolynomialKind.PermutationProduct, c, layout.LastRow) : default;
            PermutationProducts[c] = new ProductEvaluations(At(PolynomialKind.PermutationProduct, c, 0), At(PolynomialKind.PermutationProduct, c, 1), atLast);
        }
        Lookups = new LookupEvaluations[layout.LookupCount];
        for (int l = 0; l < layout.LookupCount; l++)
            Lookups[l] = new LookupEvaluations(At(PolynomialKind.LookupMultiplicity, l, 0), At(PolynomialKind.LookupSum, l, 0), At(PolynomialKind.LookupSum, l, 1));
    }

    /// <summary>The evaluation of kind[index] at x·ω^rotation.</summary>
    public Fr At(PolynomialKind kind, int index, int rotation) => _flat[_layout.IndexOf(new Opening(kind, index, rotation))];

    public Fr[] Sigma { get; }
    public ProductEvaluations[] PermutationProducts { get; }
    public LookupEvaluations[] Lookups { get; }
}
