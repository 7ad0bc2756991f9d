using System.Numerics;
using System.Runtime.CompilerServices;

namespace ZkmlGpu.Field;

/// <summary>An element c0 + c1·v + c2·v² of Fq6 = Fq2[v]/(v³ − ξ), ξ = 9 + u.</summary>
public readonly struct Fq6 : IField<Fq6>
{
    public readonly Fq2 C0, C1, C2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq6(Fq2 c0, Fq2 c1, Fq2 c2) { C0 = c0; C1 = c1; C2 = c2; }

    public static Fq6 Zero => default;
    public static Fq6 One => new(Fq2.One, Fq2.Zero, Fq2.Zero);
    public bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;

    public static Fq6 Random(Random rng) => new(Fq2.Random(rng), Fq2.Random(rng), Fq2.Random(rng));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq6 operator +(Fq6 a, Fq6 b) => new(a.C0 + b.C0, a.C1 + b.C1, a.C2 + b.C2);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq6 operator -(Fq6 a, Fq6 b) => new(a.C0 - b.C0, a.C1 - b.C1, a.C2 - b.C2);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq6 operator -(Fq6 a) => new(-a.C0, -a.C1, -a.C2);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Fq6 Double() => new(C0.Double(), C1.Double(), C2.Double());

    /// <summary>Karatsuba-style product with 6 Fq2 multiplications.</summary>
    public static Fq6 operator *(Fq6 a, Fq6 b)
    {
        Fq2 t0 = a.C0 * b.C0, t1 = a.C1 * b.C1, t2 = a.C2 * b.C2;
        Fq2 c0 = ((a.C1 + a.C2) * (b.C1 + b.C2) - t1 - t2).MulByXi() + t0;
        Fq2 c1 = (a.C0 + a.C1) * (b.C0 + b.C1) - t0 - t1 + t2.MulByXi();
        Fq2 c2 = (a.C0 + a.C2) * (b.C0 + b.C2) - t0 - t2 + t1;
        return new(c0, c1, c2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fq6 operator *(Fq6 a, Fq2 s) => new(a.C0 * s, a.C1 * s, a.C2 * s);

    /// <summary>Chung–Hasan SQR2: 2 squarings and 3 multiplications in Fq2.</summary>
    public Fq6 Square()
    {
        Fq2 s0 = C0.Square();
        Fq2 s1 = (C0 * C1).Double();
        Fq2 s2 = (C0 - C1 + C2).Square();
        Fq2 s3 = (C1 * C2).Double();
        Fq2 s4 = C2.Square();
        return new(s0 + s3.MulByXi(), s1 + s4.MulByXi(), s1 + s2 + s3 - s0 - s4);
    }

    /// <summary>Multiplication by v: (c0, c1, c2)·v = (ξ·c2, c0, c1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fq6 MulByV() => new(C2.MulByXi(), C0, C1);

    /// <summary>Product with the sparse element b0 + b1·v (5 Fq2 multiplications).</summary>
    public Fq6 MulBy01(in Fq2 b0, in Fq2 b1)
    {
        Fq2 t0 = C0 * b0, t1 = C1 * b1;
        Fq2 c0 = (C2 * b1).MulByXi() + t0;
        Fq2 c1 = (C0 + C1) * (b0 + b1) - t0 - t1;
        Fq2 c2 = C2 * b0 + t1;
        return new(c0, c1, c2);
    }

    public Fq6 Inverse()
    {
        if (IsZero) throw new DivideByZeroException("Zero has no inverse in Fq6.");
        Fq2 a = C0.Square() - (C1 * C2).MulByXi();
        Fq2 b = C2.Square().MulByXi() - C0 * C1;
        Fq2 c = C1.Square() - C0 * C2;
        Fq2 t = C0 * a + (C2 * b + C1 * c).MulByXi();
        Fq2 tInv = t.Inverse();
        return new(a * tInv, b * tInv, c * tInv);
    }

    /// <summary>x^(q^power) for power in 0..11, with precomputed constants (coefficient of v^k gets ξ^(2k(q^p−1)/6)).</summary>
    public Fq6 Frobenius(int power)
    {
        power %= 12;
        if (power == 0) return this;
        var g = TowerConstants.FrobeniusCoefficients[power];
        return new(C0.Frobenius(power), C1.Frobenius(power) * g[2], C2.Frobenius(power) * g[4]);
    }

    public Fq6 Pow(BigInteger exponent)
    {
        if (exponent.Sign < 0) return Inverse().Pow(-exponent);
        byte[] bits = exponent.ToByteArray(isUnsigned: true, isBigEndian: false);
        Fq6 result = One;
        for (long i = (long)exponent.GetBitLength() - 1; i >= 0; i--)
        {
            result = result.Square();
            if (((bits[i >> 3] >> (int)(i & 7)) & 1) != 0) result *= this;
        }
        return result;
    }

    public static bool operator ==(Fq6 a, Fq6 b) => a.C0 == b.C0 && a.C1 == b.C1 && a.C2 == b.C2;
    public static bool operator !=(Fq6 a, Fq6 b) => !(a == b);
    public bool Equals(Fq6 other) => this == other;
    public override bool Equals(object? obj) => obj is Fq6 o && Equals(o);
    public override int GetHashCode() => HashCode.Combine(C0, C1, C2);
    public override string ToString() => $"[{C0}, {C1}, {C2}]";
}

/// <summary>Frobenius constants of the tower, computed once from their definition at start-up.</summary>
internal static class TowerConstants
{
    /// <summary>
    /// FrobeniusCoefficients[p][k] = ξ^(k·(q^p − 1)/6) = w^(k(q^p − 1)): the factor the coefficient of w^k picks
    /// up under x ↦ x^(q^p), for p in 0..11 and k in 0..5.
    /// </summary>
    public static readonly Fq2[][] FrobeniusCoefficients = Compute();

    private static Fq2[][] Compute()
    {
        var table = new Fq2[12][];
        BigInteger q = Fq.Modulus;
        for (int p = 0; p < 12; p++)
        {
            // (q^p − 1)/6 is an integer since q ≡ 1 (mod 6). ξ^((q^p−1)/6) computed by reducing the exponent
            // modulo the order q² − 1 of Fq2*.
            BigInteger e = (BigInteger.Pow(q, p) - 1) / 6 % (q * q - 1);
            Fq2 gamma = Fq2.Xi.Pow(e);
            table[p] = new Fq2[6];
            Fq2 acc = Fq2.One;
            for (int k = 0; k < 6; k++) { table[p][k] = acc; acc *= gamma; }
        }
        return table;
    }
}
