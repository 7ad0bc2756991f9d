using System.Numerics;
using System.Runtime.CompilerServices;

namespace ZkmlGpu.Field;

/// <summary>
/// An element c0 + c1·w of Fq12 = Fq6[w]/(w² − v), the pairing target field. Seen as a polynomial in w over
/// Fq2 (w⁶ = ξ), the coefficient of w^k is: k=0 C0.C0, k=1 C1.C0, k=2 C0.C1, k=3 C1.C1, k=4 C0.C2, k=5 C1.C2.
/// </summary>
public readonly struct Fq12 : IField<Fq12>
{
    public readonly Fq6 C0, C1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq12(Fq6 c0, Fq6 c1) { C0 = c0; C1 = c1; }

    public static Fq12 Zero => default;
    public static Fq12 One => new(Fq6.One, Fq6.Zero);
    public bool IsZero => C0.IsZero && C1.IsZero;
    public bool IsOne => this == One;

    public static Fq12 Random(Random rng) => new(Fq6.Random(rng), Fq6.Random(rng));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq12 operator +(Fq12 a, Fq12 b) => new(a.C0 + b.C0, a.C1 + b.C1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq12 operator -(Fq12 a, Fq12 b) => new(a.C0 - b.C0, a.C1 - b.C1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq12 operator -(Fq12 a) => new(-a.C0, -a.C1);
    public Fq12 Double() => new(C0.Double(), C1.Double());

    /// <summary>Karatsuba over Fq6: 3 Fq6 multiplications.</summary>
    public static Fq12 operator *(Fq12 a, Fq12 b)
    {
        Fq6 t0 = a.C0 * b.C0, t1 = a.C1 * b.C1;
        Fq6 c1 = (a.C0 + a.C1) * (b.C0 + b.C1) - t0 - t1;
        return new(t0 + t1.MulByV(), c1);
    }

    /// <summary>Complex squaring: (a + bw)² = (a + b)(a + vb) − ab − v·ab + 2ab·w, 2 Fq6 multiplications.</summary>
    public Fq12 Square()
    {
        Fq6 ab = C0 * C1;
        Fq6 c0 = (C0 + C1) * (C0 + C1.MulByV()) - ab - ab.MulByV();
        return new(c0, ab.Double());
    }

    /// <summary>x^(q⁶): w ↦ −w. Equal to the inverse for elements of the cyclotomic subgroup (e.g. pairing values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq12 Conjugate() => new(C0, -C1);

    public Fq12 Inverse()
    {
        if (IsZero) throw new DivideByZeroException("Zero has no inverse in Fq12.");
        Fq6 t = (C0.Square() - C1.Square().MulByV()).Inverse();
        return new(C0 * t, -(C1 * t));
    }

    /// <summary>x^(q^power) for any power (reduced mod 12), with precomputed constants.</summary>
    public Fq12 Frobenius(int power)
    {
        power %= 12;
        if (power == 0) return this;
        var g = TowerConstants.FrobeniusCoefficients[power];
        // Coefficient of w^k is multiplied by ξ^(k(q^p−1)/6) after the Fq2 Frobenius.
        return new(
            new Fq6(C0.C0.Frobenius(power), C0.C1.Frobenius(power) * g[2], C0.C2.Frobenius(power) * g[4]),
            new Fq6(C1.C0.Frobenius(power) * g[1], C1.C1.Frobenius(power) * g[3], C1.C2.Frobenius(power) * g[5]));
    }

    /// <summary>
    /// Product with the sparse line value a + b·w + c·w³ (a, b, c ∈ Fq2), as produced by the Miller loop for
    /// the D-type twist: 13 Fq2 multiplications instead of 18.
    /// </summary>
    public Fq12 MulBy013(in Fq2 a, in Fq2 b, in Fq2 c)
    {
        // line = L0 + L1·w with L0 = (a, 0, 0), L1 = (b, c, 0).
        Fq6 t0 = C0 * a;
        Fq6 t1 = C1.MulBy01(b, c);
        Fq6 s = (C0 + C1).MulBy01(a + b, c);
        return new(t0 + t1.MulByV(), s - t0 - t1);
    }

    /// <summary>
    /// Product with the sparse line value 1 + b·w + c·w³ (b, c ∈ Fq2), as produced by the Miller loop for the
    /// D-type twist after normalisation: 10 Fq2 multiplications instead of 18.
    /// </summary>
    public Fq12 MulByLine(in Fq2 b, in Fq2 c)
    {
        // line = 1 + L1·w with L1 = (b, c, 0): (f0 + f1·w)(1 + L1·w) = (f0 + f1·L1·v) + (f1 + f0·L1)·w.
        Fq6 t1 = C1.MulBy01(b, c);
        Fq6 t0 = C0.MulBy01(b, c);
        return new(C0 + t1.MulByV(), C1 + t0);
    }

    /// <summary>
    /// Granger–Scott squaring, valid only in the cyclotomic subgroup (x^(q⁴ − q² + 1) = 1, which holds after the
    /// easy part of the final exponentiation). Views Fq12 as Fq4³ with Fq4 = Fq2[t]/(t² − ξ), t = w³.
    /// </summary>
    public Fq12 CyclotomicSquare()
    {
        // Pairs (g0, g3), (g1, g4), (g2, g5) of w-coefficients form A, B, C ∈ Fq4 with z = A + B·w + C·w².
        Fq2 g0 = C0.C0, g1 = C1.C0, g2 = C0.C1, g3 = C1.C1, g4 = C0.C2, g5 = C1.C2;
        Fq4Square(g0, g3, out Fq2 a0, out Fq2 a1);
        Fq4Square(g1, g4, out Fq2 b0, out Fq2 b1);
        Fq4Square(g2, g5, out Fq2 c0, out Fq2 c1);
        // A' = 3A² − 2Ā, C' = 3B² − 2C̄, B' = 3t·C² + 2B̄ (t·(c0 + c1 t) = ξc1 + c0 t).
        Fq2 h0 = Triple(a0) - g0.Double();
        Fq2 h3 = Triple(a1) + g3.Double();
        Fq2 h2 = Triple(b0) - g2.Double();
        Fq2 h5 = Triple(b1) + g5.Double();
        Fq2 h1 = Triple(c1.MulByXi()) + g1.Double();
        Fq2 h4 = Triple(c0) - g4.Double();
        return new(new Fq6(h0, h2, h4), new Fq6(h1, h3, h5));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fq2 Triple(in Fq2 x) => x.Double() + x;

    /// <summary>(x + y·t)² with t² = ξ: (x² + ξy²) + ((x + y)² − x² − y²)·t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fq4Square(in Fq2 x, in Fq2 y, out Fq2 r0, out Fq2 r1)
    {
        Fq2 x2 = x.Square(), y2 = y.Square();
        r0 = y2.MulByXi() + x2;
        r1 = (x + y).Square() - x2 - y2;
    }

    public Fq12 Pow(BigInteger exponent)
    {
        if (exponent.Sign < 0) return Inverse().Pow(-exponent);
        byte[] bits = exponent.ToByteArray(isUnsigned: true, isBigEndian: false);
        Fq12 result = One;
        for (long i = (long)exponent.GetBitLength() - 1; i >= 0; i--)
        {
            result = result.Square();
            if (((bits[i >> 3] >> (int)(i & 7)) & 1) != 0) result *= this;
        }
        return result;
    }

    public static bool operator ==(Fq12 a, Fq12 b) => a.C0 == b.C0 && a.C1 == b.C1;
    public static bool operator !=(Fq12 a, Fq12 b) => !(a == b);
    public bool Equals(Fq12 other) => this == other;
    public override bool Equals(object? obj) => obj is Fq12 o && Equals(o);
    public override int GetHashCode() => HashCode.Combine(C0, C1);
    public override string ToString() => $"{{{C0}, {C1}}}";
}
