using System.Numerics;

namespace ZkmlGpu.Field.Tests;

/// <summary>Field axioms shared by the tower tests, on random elements from a fixed seed.</summary>
internal static class TowerAxioms
{
    public static void Check<T>(Func<Random, T> random, int cases, int seed) where T : struct, IField<T>
    {
        var rng = new Random(seed);
        for (int i = 0; i < cases; i++)
        {
            T a = random(rng), b = random(rng), c = random(rng);
            Assert.Equal(a + b, b + a);
            Assert.Equal(a * b, b * a);
            Assert.Equal((a + b) + c, a + (b + c));
            Assert.Equal((a * b) * c, a * (b * c));
            Assert.Equal(a * (b + c), a * b + a * c);
            Assert.Equal(a - b, a + -b);
            Assert.Equal(T.Zero, a - a);
            Assert.Equal(a, a * T.One);
            Assert.Equal(a, a + T.Zero);
            Assert.Equal(a * a, a.Square());
            Assert.Equal(a + a, a.Double());
            Assert.True((a - a).IsZero);
            if (!a.IsZero)
            {
                Assert.Equal(T.One, a * a.Inverse());
                Assert.Equal(a, a.Inverse().Inverse());
            }
        }
        Assert.Throws<DivideByZeroException>(() => T.Zero.Inverse());
        Assert.NotEqual(T.Zero, T.One);
    }
}

public class Fq2Tests
{
    private static readonly BigInteger Q = Fq.Modulus;

    [Fact]
    public void FieldAxiomsHold() => TowerAxioms.Check(Fq2.Random, 300, 21);

    [Fact]
    public void ArithmeticMatchesBigIntegerFormulas()
    {
        var rng = new Random(22);
        for (int i = 0; i < 500; i++)
        {
            Fq2 a = Fq2.Random(rng), b = Fq2.Random(rng);
            BigInteger a0 = a.C0.ToBigInteger(), a1 = a.C1.ToBigInteger(), b0 = b.C0.ToBigInteger(), b1 = b.C1.ToBigInteger();
            Fq2 m = a * b;
            // (a0 + a1u)(b0 + b1u) with u² = −1.
            Assert.Equal(Mod(a0 * b0 - a1 * b1), m.C0.ToBigInteger());
            Assert.Equal(Mod(a0 * b1 + a1 * b0), m.C1.ToBigInteger());
            Fq2 s = a.Square();
            Assert.Equal(Mod(a0 * a0 - a1 * a1), s.C0.ToBigInteger());
            Assert.Equal(Mod(2 * a0 * a1), s.C1.ToBigInteger());
            Fq2 x = a.MulByXi();
            Assert.Equal(Mod(9 * a0 - a1), x.C0.ToBigInteger());
            Assert.Equal(Mod(a0 + 9 * a1), x.C1.ToBigInteger());
            Assert.Equal(a * Fq2.Xi, x);
            Fq2 inv = a.Inverse();
            BigInteger n = BigInteger.ModPow(Mod(a0 * a0 + a1 * a1), Q - 2, Q);
            Assert.Equal(Mod(a0 * n), inv.C0.ToBigInteger());
            Assert.Equal(Mod(-a1 * n), inv.C1.ToBigInteger());
        }
    }

    private static BigInteger Mod(BigInteger v) => (v % Q + Q) % Q;

    [Fact]
    public void FrobeniusIsPowerOfQ()
    {
        var rng = new Random(23);
        for (int i = 0; i < 5; i++)
        {
            Fq2 a = Fq2.Random(rng);
            Assert.Equal(a.Pow(Q), a.Frobenius(1));
            Assert.Equal(a.Pow(Q), a.Conjugate());
            Assert.Equal(a, a.Frobenius(2));
            Assert.NotEqual(a, a.Frobenius(1));
        }
    }

    [Fact]
    public void XiIsNeitherSquareNorCube()
    {
        // Needed for Fq6 = Fq2[v]/(v³ − ξ) and Fq12 = Fq6[w]/(w² − v) to be fields.
        BigInteger order = Q * Q - 1;
        Assert.NotEqual(Fq2.One, Fq2.Xi.Pow(order / 2));
        Assert.NotEqual(Fq2.One, Fq2.Xi.Pow(order / 3));
        Assert.Equal(Fq2.One, Fq2.Xi.Pow(order));
    }

    [Fact]
    public void SqrtOfSquaresAndRejectionOfNonSquares()
    {
        var rng = new Random(24);
        int nonSquares = 0;
        for (int i = 0; i < 60; i++)
        {
            Fq2 a = Fq2.Random(rng);
            Assert.True(a.Square().TrySqrt(out Fq2 root));
            Assert.True(root == a || root == -a);
            // A random element is a square with probability 1/2; Euler's criterion decides independently.
            Fq2 b = Fq2.Random(rng);
            bool isSquare = b.Pow((Q * Q - 1) / 2) == Fq2.One;
            Assert.Equal(isSquare, b.TrySqrt(out Fq2 rb));
            if (isSquare) Assert.Equal(b, rb.Square());
            else nonSquares++;
        }
        Assert.InRange(nonSquares, 10, 50);
        Assert.True(Fq2.Zero.TrySqrt(out Fq2 z) && z.IsZero);
        // Purely real and purely imaginary inputs exercise the α = −1 branch.
        Fq2 minusOne = -Fq2.One;
        Assert.True(minusOne.TrySqrt(out Fq2 i1));
        Assert.Equal(minusOne, i1.Square());
        Fq2 real = new(Fq.FromUInt64(5), Fq.Zero);
        Assert.True(real.TrySqrt(out Fq2 r5));
        Assert.Equal(real, r5.Square());
    }

    [Fact]
    public void LexicographicOrderComparesImaginaryPartFirst()
    {
        Fq half = Fq.FromBigInteger((Q - 1) / 2), halfPlus = Fq.FromBigInteger((Q + 1) / 2);
        Assert.False(new Fq2(Fq.Zero, half).IsLexicographicallyLargest);
        Assert.True(new Fq2(Fq.Zero, halfPlus).IsLexicographicallyLargest);
        Assert.False(new Fq2(halfPlus, half).IsLexicographicallyLargest);
        Assert.True(new Fq2(halfPlus, Fq.Zero).IsLexicographicallyLargest);
        Assert.False(new Fq2(half, Fq.Zero).IsLexicographicallyLargest);
        var rng = new Random(25);
        for (int i = 0; i < 50; i++)
        {
            Fq2 a = Fq2.Random(rng);
            if (!a.IsZero) Assert.NotEqual(a.IsLexicographicallyLargest, (-a).IsLexicographicallyLargest);
        }
    }
}

public class Fq2EdgeTests
{
    [Fact]
    public void ExtremeLimbValuesMultiplyCorrectly()
    {
        // Values at 0, 1, q − 1, q − 2 and (q ± 1)/2 stress the unreduced sums and carries of the lazy reduction.
        BigInteger q = Fq.Modulus;
        BigInteger[] edge = [0, 1, 2, q - 1, q - 2, (q - 1) / 2, (q + 1) / 2, BigInteger.Pow(2, 253), BigInteger.Pow(2, 192) - 1];
        foreach (var a0 in edge)
        foreach (var a1 in edge)
        foreach (var b0 in edge)
        {
            BigInteger b1 = (a0 + 3 * a1 + 7) % q;
            Fq2 a = Fq2.FromBigIntegers(a0, a1), b = Fq2.FromBigIntegers(b0, b1);
            Fq2 m = a * b, s = a.Square();
            Assert.Equal(((a0 * b0 - a1 * b1) % q + q) % q, m.C0.ToBigInteger());
            Assert.Equal((a0 * b1 + a1 * b0) % q, m.C1.ToBigInteger());
            Assert.Equal(((a0 * a0 - a1 * a1) % q + q) % q, s.C0.ToBigInteger());
            Assert.Equal(2 * a0 * a1 % q, s.C1.ToBigInteger());
            Fq2 sc = a * b.C0;
            Assert.Equal(a0 * b0 % q, sc.C0.ToBigInteger());
            Assert.Equal(a1 * b0 % q, sc.C1.ToBigInteger());
        }
    }
}
