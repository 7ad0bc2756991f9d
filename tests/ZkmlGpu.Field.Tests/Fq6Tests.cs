using System.Numerics;

namespace ZkmlGpu.Field.Tests;

public class Fq6Tests
{
    [Fact]
    public void FieldAxiomsHold() => TowerAxioms.Check(Fq6.Random, 100, 31);

    [Fact]
    public void VCubedIsXi()
    {
        var v = new Fq6(Fq2.Zero, Fq2.One, Fq2.Zero);
        Assert.Equal(new Fq6(Fq2.Xi, Fq2.Zero, Fq2.Zero), v * v * v);
        var rng = new Random(32);
        Fq6 a = Fq6.Random(rng);
        Assert.Equal(a * v, a.MulByV());
    }

    [Fact]
    public void SparseMultiplicationMatchesFull()
    {
        var rng = new Random(33);
        for (int i = 0; i < 50; i++)
        {
            Fq6 a = Fq6.Random(rng);
            Fq2 b0 = Fq2.Random(rng), b1 = Fq2.Random(rng), s = Fq2.Random(rng);
            Assert.Equal(a * new Fq6(b0, b1, Fq2.Zero), a.MulBy01(b0, b1));
            Assert.Equal(a * new Fq6(s, Fq2.Zero, Fq2.Zero), a * s);
        }
    }

    [Fact]
    public void FrobeniusIsPowerOfQ()
    {
        var rng = new Random(34);
        BigInteger q = Fq.Modulus;
        Fq6 a = Fq6.Random(rng);
        Assert.Equal(a.Pow(q), a.Frobenius(1));
        Assert.Equal(a.Pow(q * q), a.Frobenius(2));
        Assert.Equal(a.Pow(q * q * q), a.Frobenius(3));
        Assert.Equal(a.Frobenius(1).Frobenius(1), a.Frobenius(2));
        Assert.Equal(a, a.Frobenius(6));
        Assert.NotEqual(a, a.Frobenius(3));
    }
}
