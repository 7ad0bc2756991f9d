using System.Numerics;

namespace ZkmlGpu.Field;

/// <summary>Constants derived once from a modulus p: (p−1)/2, the 2-adic split p − 1 = Q·2^S, a 2^S-th root of unity.</summary>
internal static class DerivedFieldConstants<TMod> where TMod : struct, IMontgomeryModulus
{
    /// <summary>(p − 1)/2, canonical: the Euler-criterion exponent and the "lexicographically largest" threshold.</summary>
    public static readonly U256 PMinusOneOverTwo;
    /// <summary>S with p − 1 = Q·2^S, Q odd.</summary>
    public static readonly int TwoAdicity;
    /// <summary>(Q − 1)/2, for Tonelli–Shanks.</summary>
    public static readonly U256 QMinusOneOverTwo;
    /// <summary>z^Q for the smallest quadratic non-residue z (Montgomery form): a primitive 2^S-th root of unity.</summary>
    public static readonly U256 NonResidueToQ;
    /// <summary>The smallest quadratic non-residue (canonical).</summary>
    public static readonly ulong SmallestNonResidue;

    static DerivedFieldConstants()
    {
        BigInteger p = TMod.Modulus.ToBigInteger();
        BigInteger half = (p - 1) >> 1;
        PMinusOneOverTwo = U256.FromBigInteger(half);
        int s = 0;
        BigInteger q = p - 1;
        while (q.IsEven) { q >>= 1; s++; }
        TwoAdicity = s;
        QMinusOneOverTwo = U256.FromBigInteger((q - 1) >> 1);
        ulong z = 2;
        while (BigInteger.ModPow(z, half, p) != p - 1) z++;
        SmallestNonResidue = z;
        NonResidueToQ = MontgomeryArithmetic<TMod>.FromBigInteger(BigInteger.ModPow(z, q, p));
    }
}

public static partial class MontgomeryArithmetic<TMod>
{
    /// <summary>The Legendre symbol (a/p) by Euler's criterion: 0 for zero, 1 for a non-zero square, −1 otherwise.</summary>
    public static int Legendre(in U256 aMont)
    {
        if (aMont.IsZero) return 0;
        U256 e = Pow(aMont, DerivedFieldConstants<TMod>.PMinusOneOverTwo);
        return e == TMod.R ? 1 : -1;
    }

    /// <summary>
    /// A square root by Tonelli–Shanks (any odd p). When p ≡ 3 mod 4 (S = 1, as for Fq) the first step already
    /// yields a^((p+1)/4) and the loop never runs, so this is the usual shortcut. Returns false for non-squares.
    /// Which of the two roots comes back is unspecified; callers pick one by <see cref="IsLexicographicallyLargest"/>.
    /// </summary>
    public static bool TrySqrt(in U256 aMont, out U256 rootMont)
    {
        if (aMont.IsZero) { rootMont = default; return true; }
        U256 one = TMod.R;
        U256 w = Pow(aMont, DerivedFieldConstants<TMod>.QMinusOneOverTwo); // a^((Q−1)/2)
        U256 x = Mul(aMont, w);   // a^((Q+1)/2), the candidate root
        U256 b = Mul(x, w);       // a^Q, which x² = a·b makes the error term
        U256 z = DerivedFieldConstants<TMod>.NonResidueToQ;
        int v = DerivedFieldConstants<TMod>.TwoAdicity;
        while (b != one)
        {
            // The least k with b^(2^k) = 1; k = v means b has full order 2^v, i.e. a is not a square.
            int k = 0;
            U256 b2k = b;
            do { b2k = Square(b2k); k++; } while (b2k != one && k < v);
            if (k >= v) { rootMont = default; return false; }
            U256 t = z;
            for (int i = 0; i < v - k - 1; i++) t = Square(t);
            z = Square(t);
            b = Mul(b, z);
            x = Mul(x, t);
            v = k;
        }
        rootMont = x;
        return true;
    }

    /// <summary>Whether the canonical value exceeds (p − 1)/2, i.e. it is the larger of {y, −y} (zero is not).</summary>
    public static bool IsLexicographicallyLargest(in U256 aMont)
        => U256.LessThan(DerivedFieldConstants<TMod>.PMinusOneOverTwo, FromMontgomery(aMont));
}
