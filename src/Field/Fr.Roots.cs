namespace ZkmlGpu.Field;

public readonly partial struct Fr
{
    /// <summary>5 generates the multiplicative group of Fr (checked against the factorisation of r − 1 in tests).</summary>
    public static Fr MultiplicativeGenerator { get; } = FromUInt64(5);

    private static readonly Fr[] RootsOfUnity = ComputeRootsOfUnity();

    /// <summary>A primitive 2^logN-th root of unity, logN ≤ 28; roots for different logN are consistent (ω_{k+1}² = ω_k).</summary>
    public static Fr RootOfUnity(int logN)
    {
        if ((uint)logN > Bn254Constants.FrTwoAdicity)
            throw new ArgumentOutOfRangeException(nameof(logN), $"Fr has roots of unity of order up to 2^{Bn254Constants.FrTwoAdicity}.");
        return RootsOfUnity[logN];
    }

    private static Fr[] ComputeRootsOfUnity()
    {
        var roots = new Fr[Bn254Constants.FrTwoAdicity + 1];
        // g^((r−1)/2^28) has order exactly 2^28 because g is a generator.
        var exponent = U256.FromBigInteger((Modulus - 1) >> Bn254Constants.FrTwoAdicity);
        roots[Bn254Constants.FrTwoAdicity] = MultiplicativeGenerator.Pow(exponent);
        for (int k = Bn254Constants.FrTwoAdicity - 1; k >= 0; k--) roots[k] = roots[k + 1].Square();
        return roots;
    }
}
