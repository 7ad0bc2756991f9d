using System.Numerics;

namespace ZkmlGpu.Field.Tests;

public class Fq12Tests
{
    [Fact]
    public void FieldAxiomsHold() => TowerAxioms.Check(Fq12.Random, 40, 41);

    [Fact]
    public void WSquaredIsV()
    {
        var w = new Fq12(Fq6.Zero, Fq6.One);
        Assert.Equal(new Fq12(new Fq6(Fq2.Zero, Fq2.One, Fq2.Zero), Fq6.Zero), w * w);
        // w⁶ = ξ.
        Assert.Equal(new Fq12(new Fq6(Fq2.Xi, Fq2.Zero, Fq2.Zero), Fq6.Zero), w.Square().Square() * w.Square());
    }

    [Fact]
    public void FrobeniusIsPowerOfQ()
    {
        var rng = new Random(42);
        BigInteger q = Fq.Modulus;
        Fq12 a = Fq12.Random(rng);
        for (int k = 1; k <= 3; k++) Assert.Equal(a.Pow(BigInteger.Pow(q, k)), a.Frobenius(k));
        Fq12 f = a;
        for (int k = 1; k < 12; k++)
        {
            f = f.Frobenius(1);
            Assert.Equal(f, a.Frobenius(k));
            Assert.NotEqual(a, f);
        }
        Assert.Equal(a, f.Frobenius(1));
        Assert.Equal(a.Conjugate(), a.Frobenius(6));
    }

    [Fact]
    public void SparseLineMultiplicationMatchesFull()
    {
        var rng = new Random(43);
        for (int i = 0; i < 30; i++)
        {
            Fq12 f = Fq12.Random(rng);
            Fq2 b = Fq2.Random(rng), c = Fq2.Random(rng);
            // 1 + b·w + c·w³: w¹ is C1.C0, w³ is C1.C1.
            var line = new Fq12(Fq6.One, new Fq6(b, c, Fq2.Zero));
            Assert.Equal(f * line, f.MulByLine(b, c));
            Fq2 a = Fq2.Random(rng);
            var general = new Fq12(new Fq6(a, Fq2.Zero, Fq2.Zero), new Fq6(b, c, Fq2.Zero));
            Assert.Equal(f * general, f.MulBy013(a, b, c));
        }
    }

    [Fact]
    public void CyclotomicSquareMatchesSquareInCyclotomicSubgroup()
    {
        var rng = new Random(44);
        for (int i = 0; i < 20; i++)
        {
            Fq12 f = Fq12.Random(rng);
            // f^((q⁶ − 1)(q² + 1)) lies in the cyclotomic subgroup.
            Fq12 g = f.Conjugate() * f.Inverse();
            g = g.Frobenius(2) * g;
            Assert.Equal(g.Square(), g.CyclotomicSquare());
            Assert.Equal(Fq12.One, g * g.Conjugate());
            // Outside the subgroup the shortcut is wrong, which shows the test discriminates.
            Assert.NotEqual(f.Square(), f.CyclotomicSquare());
        }
    }
}
