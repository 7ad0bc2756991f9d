using System.Numerics;
using System.Runtime.CompilerServices;

namespace ZkmlGpu.Field;

/// <summary>An element c0 + c1·u of Fq2 = Fq[u]/(u² + 1), the base field of G2.</summary>
public readonly struct Fq2 : IField<Fq2>
{
    public readonly Fq C0, C1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq2(Fq c0, Fq c1) { C0 = c0; C1 = c1; }

    public static Fq2 Zero => default;
    public static Fq2 One => new(Fq.One, Fq.Zero);
    /// <summary>ξ = 9 + u, the non-residue defining Fq6 (v³ = ξ) and the twist b' = 3/ξ.</summary>
    public static Fq2 Xi { get; } = new(Fq.FromUInt64(9), Fq.One);
    public bool IsZero => C0.IsZero && C1.IsZero;
    public bool IsOne => C0.IsOne && C1.IsZero;

    public static Fq2 FromBigIntegers(BigInteger c0, BigInteger c1) => new(Fq.FromBigInteger(c0), Fq.FromBigInteger(c1));
    public static Fq2 Random(Random rng) => new(Fq.Random(rng), Fq.Random(rng));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq2 operator +(Fq2 a, Fq2 b) => new(a.C0 + b.C0, a.C1 + b.C1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq2 operator -(Fq2 a, Fq2 b) => new(a.C0 - b.C0, a.C1 - b.C1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq2 operator -(Fq2 a) => new(-a.C0, -a.C1);

    /// <summary>Karatsuba with lazy reduction: 3 wide products, 2 Montgomery reductions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq2 operator *(Fq2 a, Fq2 b) => Fq2Arithmetic.Mul(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq2 operator *(Fq2 a, Fq s) => new(a.C0 * s, a.C1 * s);

    /// <summary>Complex squaring: (a + bu)² = (a + b)(a − b) + 2ab·u, 2 base multiplications.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq2 Square()
    {
        Fq ab = C0 * C1;
        return new((C0 + C1) * (C0 - C1), ab.Double());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Fq2 Double() => new(C0.Double(), C1.Double());

    /// <summary>Multiplication by ξ = 9 + u: (9a − b) + (a + 9b)u, additions only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq2 MulByXi()
    {
        Fq a8 = C0.Double().Double().Double(), b8 = C1.Double().Double().Double();
        return new(a8 + C0 - C1, b8 + C1 + C0);
    }

    /// <summary>The conjugate a − bu, which is also the q-power Frobenius.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Fq2 Conjugate() => new(C0, -C1);

    /// <summary>The norm a² + b² ∈ Fq.</summary>
    public Fq Norm() => C0.Square() + C1.Square();

    public Fq2 Inverse()
    {
        if (IsZero) throw new DivideByZeroException("Zero has no inverse in Fq2.");
        Fq t = Norm().Inverse();
        return new(C0 * t, -(C1 * t));
    }

    /// <summary>x^(q^power): identity for even powers, conjugation for odd.</summary>
    public Fq2 Frobenius(int power) => (power & 1) == 0 ? this : Conjugate();

    public Fq2 Pow(BigInteger exponent)
    {
        if (exponent.Sign < 0) return Inverse().Pow(-exponent);
        byte[] bits = exponent.ToByteArray(isUnsigned: true, isBigEndian: false);
        Fq2 result = One;
        for (long i = (long)exponent.GetBitLength() - 1; i >= 0; i--)
        {
            result = result.Square();
            if (((bits[i >> 3] >> (int)(i & 7)) & 1) != 0) result *= this;
        }
        return result;
    }

    private static readonly BigInteger QMinus3Over4 = (Fq.Modulus - 3) / 4;
    private static readonly BigInteger QMinus1Over2 = (Fq.Modulus - 1) / 2;

    /// <summary>
    /// A square root for q ≡ 3 (mod 4) (Adj and Rodríguez-Henríquez, Algorithm 9); false when none exists.
    /// The root found is always checked by squaring.
    /// </summary>
    public bool TrySqrt(out Fq2 root)
    {
        if (IsZero) { root = Zero; return true; }
        Fq2 a1 = Pow(QMinus3Over4);
        Fq2 alpha = a1.Square() * this; // a^((q−1)/2)
        Fq2 a0 = alpha.Conjugate() * alpha; // a^((q²−1)/2) restricted: the quadratic character
        Fq2 minusOne = -One;
        if (a0 == minusOne) { root = Zero; return false; }
        Fq2 x0 = a1 * this;
        Fq2 candidate = alpha == minusOne
            ? new Fq2(-x0.C1, x0.C0) // u·x0
            : (One + alpha).Pow(QMinus1Over2) * x0;
        if (candidate.Square() != this) { root = Zero; return false; }
        root = candidate;
        return true;
    }

    /// <summary>
    /// Ordering for compressed encodings: compares the imaginary part first, then the real part, each as an
    /// integer against (q − 1)/2.
    /// </summary>
    public bool IsLexicographicallyLargest
    {
        get
        {
            if (!C1.IsZero) return C1.IsLexicographicallyLargest;
            return C0.IsLexicographicallyLargest;
        }
    }

    public static bool operator ==(Fq2 a, Fq2 b) => a.C0 == b.C0 && a.C1 == b.C1;
    public static bool operator !=(Fq2 a, Fq2 b) => !(a == b);
    public bool Equals(Fq2 other) => this == other;
    public override bool Equals(object? obj) => obj is Fq2 o && Equals(o);
    public override int GetHashCode() => HashCode.Combine(C0, C1);
    public override string ToString() => $"({C0} + {C1}·u)";
}
