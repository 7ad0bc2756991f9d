namespace ZkmlGpu.Prover.Plonk;

/// <summary>The committed polynomials a proof opens.</summary>
public enum PolynomialKind : byte
{
    Advice = 0,
    Fixed = 1,
    /// <summary>σ_j of the permutation argument (committed in the verifying key).</summary>
    PermutationSigma = 2,
    /// <summary>Grand product Z_c of permutation chunk c.</summary>
    PermutationProduct = 3,
    LookupMultiplicity = 4,
    LookupSum = 5,
}

/// <summary>One evaluation in a proof: polynomial <see cref="Kind"/>[<see cref="Index"/>] at x·ω^<see cref="Rotation"/>.</summary>
public readonly record struct Opening(PolynomialKind Kind, int Index, int Rotation)
{
    public override string ToString() => $"{Kind}[{Index}]@ω^{Rotation}";
}
