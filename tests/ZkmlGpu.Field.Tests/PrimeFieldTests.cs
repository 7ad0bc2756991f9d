using System.Numerics;

namespace ZkmlGpu.Field.Tests;

/// <summary>Every prime-field operation against System.Numerics.BigInteger, for both Fr and Fq.</summary>
public abstract class PrimeFieldTests<T> where T : struct, IPrimeField<T>
{
    private static readonly BigInteger P = T.Modulus;

    protected abstract T FromBytesBigEndian(ReadOnlySpan<byte> b);
    protected abstract T FromBytesLittleEndian(ReadOnlySpan<byte> b);
    protected abstract void WriteBigEndian(T x, Span<byte> b);
    protected abstract void WriteLittleEndian(T x, Span<byte> b);
    protected abstract T FromWideBytes(ReadOnlySpan<byte> b);
    protected abstract T FromInt64(long v);
    protected abstract T Random(Random rng);

    [Fact]
    public void RingOperationsMatchBigInteger()
    {
        var rng = new Random(11);
        var xs = TestUtil.Samples(rng, P, 3000).ToArray();
        var ys = TestUtil.Samples(new Random(12), P, 3000).Reverse().ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            BigInteger a = xs[i], b = ys[i];
            T x = T.FromBigInteger(a), y = T.FromBigInteger(b);
            Assert.Equal(a, x.ToBigInteger());
            Assert.Equal(a, x.ToCanonical().ToBigInteger());
            Assert.Equal((a + b) % P, (x + y).ToBigInteger());
            Assert.Equal(TestUtil.Mod(a - b, P), (x - y).ToBigInteger());
            Assert.Equal(a * b % P, (x * y).ToBigInteger());
            Assert.Equal(a * a % P, x.Square().ToBigInteger());
            Assert.Equal(2 * a % P, x.Double().ToBigInteger());
            Assert.Equal(TestUtil.Mod(-a, P), (-x).ToBigInteger());
            Assert.Equal(a == b, x == y);
            Assert.Equal(a != b, x != y);
        }
    }

    [Fact]
    public void InverseMatchesBigIntegerAndZeroThrows()
    {
        var rng = new Random(13);
        foreach (var a in TestUtil.Samples(rng, P, 3000))
        {
            T x = T.FromBigInteger(a);
            if (a.IsZero) { Assert.Throws<DivideByZeroException>(() => x.Inverse()); continue; }
            BigInteger inv = x.Inverse().ToBigInteger();
            // inv is canonical and a·inv ≡ 1 (mod p): the inverse, checked in BigInteger (cheaper than ModPow).
            Assert.True(inv < P && (a * inv % P).IsOne);
            Assert.True((x * x.Inverse()).IsOne());
        }
    }

    [Fact]
    public void InverseOfSmallAndStructuredValues()
    {
        // Values with long runs of zero or one bits stress the GCD's approximations.
        var values = new List<BigInteger>();
        for (int i = 0; i < 254; i++)
        {
            values.Add(BigInteger.One << i);
            values.Add((BigInteger.One << i) - 1);
            values.Add(P - (BigInteger.One << i));
        }
        foreach (var v in values)
        {
            BigInteger a = TestUtil.Mod(v, P);
            if (a.IsZero) continue;
            Assert.Equal(BigInteger.ModPow(a, P - 2, P), T.FromBigInteger(a).Inverse().ToBigInteger());
        }
    }

    [Fact]
    public void PowMatchesBigInteger()
    {
        var rng = new Random(14);
        foreach (var a in TestUtil.Samples(rng, P, 200))
        {
            BigInteger e = TestUtil.RandomBelow(rng, BigInteger.One << 256);
            T x = T.FromBigInteger(a);
            Assert.Equal(BigInteger.ModPow(a, e, P), x.Pow(U256.FromBigInteger(e)).ToBigInteger());
            ulong small = (ulong)rng.NextInt64();
            Assert.Equal(BigInteger.ModPow(a, small, P), x.Pow(new U256(small, 0, 0, 0)).ToBigInteger());
            Assert.Equal(BigInteger.ModPow(a, 5, P), x.Pow(new U256(5, 0, 0, 0)).ToBigInteger());
            Assert.True(x.Pow(U256.Zero) == T.One);
        }
    }

    [Fact]
    public void ConversionsFromIntegers()
    {
        var rng = new Random(15);
        long[] edge = [0, 1, -1, long.MaxValue, long.MinValue, 42, -42];
        foreach (long v in edge.Concat(Enumerable.Range(0, 500).Select(_ => rng.NextInt64(long.MinValue, long.MaxValue))))
        {
            Assert.Equal(TestUtil.Mod(v, P), FromInt64(v).ToBigInteger());
            if (v >= 0) Assert.Equal(new BigInteger(v), T.FromUInt64((ulong)v).ToBigInteger());
        }
        Assert.Equal(new BigInteger(ulong.MaxValue) % P, T.FromUInt64(ulong.MaxValue).ToBigInteger());
        // FromBigInteger reduces any integer, negative or ≥ p.
        Assert.Equal(BigInteger.One, T.FromBigInteger(P + 1).ToBigInteger());
        Assert.Equal(P - 5, T.FromBigInteger(-5).ToBigInteger());
        Assert.Equal(TestUtil.Mod(-(BigInteger.One << 300), P), T.FromBigInteger(-(BigInteger.One << 300)).ToBigInteger());
        Assert.True(T.One.IsOne() && !T.Zero.IsOne() && T.Zero.IsZero && !T.One.IsZero);
    }

    [Fact]
    public void ByteEncodingsRoundTripInBothOrders()
    {
        var rng = new Random(16);
        Span<byte> be = stackalloc byte[32], le = stackalloc byte[32];
        foreach (var a in TestUtil.Samples(rng, P, 1000))
        {
            T x = T.FromBigInteger(a);
            WriteBigEndian(x, be);
            WriteLittleEndian(x, le);
            Assert.Equal(a, new BigInteger(be, isUnsigned: true, isBigEndian: true));
            Assert.Equal(a, new BigInteger(le, isUnsigned: true, isBigEndian: false));
            Assert.True(FromBytesBigEndian(be) == x);
            Assert.True(FromBytesLittleEndian(le) == x);
        }
    }

    [Fact]
    public void NonCanonicalAndWrongLengthEncodingsAreRejected()
    {
        BigInteger[] bad = [P, P + 1, P + 12345, (BigInteger.One << 256) - 1, BigInteger.One << 255];
        foreach (var v in bad)
        {
            byte[] be = TestUtil.BigEndian32(v);
            byte[] le = be.Reverse().ToArray();
            Assert.Throws<InvalidEncodingException>(() => FromBytesBigEndian(be));
            Assert.Throws<InvalidEncodingException>(() => FromBytesLittleEndian(le));
        }
        // p − 1 is the largest accepted value.
        Assert.Equal(P - 1, FromBytesBigEndian(TestUtil.BigEndian32(P - 1)).ToBigInteger());
        foreach (int len in new[] { 0, 1, 31, 33, 64 })
        {
            var b = new byte[len];
            Assert.Throws<InvalidEncodingException>(() => FromBytesBigEndian(b));
            Assert.Throws<InvalidEncodingException>(() => FromBytesLittleEndian(b));
        }
    }

    [Fact]
    public void WideBytesReduceModP()
    {
        var rng = new Random(17);
        var bytes = new byte[64];
        for (int i = 0; i < 500; i++)
        {
            rng.NextBytes(bytes);
            if (i == 0) Array.Fill(bytes, (byte)0xff);
            var expected = new BigInteger(bytes, isUnsigned: true, isBigEndian: false) % P;
            Assert.Equal(expected, FromWideBytes(bytes).ToBigInteger());
        }
    }

    [Fact]
    public void RandomSamplesAreInRangeAndVary()
    {
        var rng = new Random(18);
        var seen = new HashSet<BigInteger>();
        for (int i = 0; i < 200; i++)
        {
            var v = Random(rng).ToBigInteger();
            Assert.InRange(v, BigInteger.Zero, P - 1);
            seen.Add(v);
        }
        Assert.Equal(200, seen.Count);
    }

    [Fact]
    public void LegendreMatchesEulerCriterion()
    {
        var rng = new Random(19);
        int squares = 0;
        foreach (var a in TestUtil.Samples(rng, P, 400))
        {
            BigInteger e = BigInteger.ModPow(a, (P - 1) / 2, P);
            int expected = a.IsZero ? 0 : e.IsOne ? 1 : -1;
            if (!a.IsZero) Assert.True(e.IsOne || e == P - 1);
            Assert.Equal(expected, T.FromBigInteger(a).Legendre());
            if (expected == 1) squares++;
        }
        Assert.InRange(squares, 150, 260); // about half the random values are squares
    }

    [Fact]
    public void SqrtFindsRootsOfSquaresAndRejectsNonSquares()
    {
        var rng = new Random(20);
        foreach (var a in TestUtil.Samples(rng, P, 400))
        {
            T x = T.FromBigInteger(a);
            bool isSquare = a.IsZero || BigInteger.ModPow(a, (P - 1) / 2, P).IsOne;
            Assert.Equal(isSquare, x.TrySqrt(out T root));
            if (isSquare)
            {
                Assert.Equal(a, (root.Square()).ToBigInteger());
                Assert.True(x.Sqrt().Square() == x);
            }
            else
            {
                Assert.Throws<ArithmeticException>(() => x.Sqrt());
            }
            // Squares of random values always have roots, and the root is ±the original.
            T sq = x.Square();
            Assert.True(sq.TrySqrt(out T r2));
            Assert.True(r2 == x || r2 == -x);
        }
    }

    [Fact]
    public void LexicographicallyLargestComparesWithHalfModulus()
    {
        var rng = new Random(21);
        BigInteger half = (P - 1) / 2;
        foreach (var a in TestUtil.Samples(rng, P, 500))
        {
            T x = T.FromBigInteger(a);
            Assert.Equal(a > half, x.IsLexicographicallyLargest);
            if (!a.IsZero) Assert.NotEqual(x.IsLexicographicallyLargest, (-x).IsLexicographicallyLargest);
        }
        Assert.False(T.Zero.IsLexicographicallyLargest);
        Assert.False(T.FromBigInteger(half).IsLexicographicallyLargest);
        Assert.True(T.FromBigInteger(half + 1).IsLexicographicallyLargest);
    }

    [Fact]
    public void BatchInversionMatchesSingleInversionAndKeepsZeros()
    {
        var rng = new Random(22);
        foreach (int n in new[] { 0, 1, 2, 7, 100, 20000 })
        {
            var values = new T[n];
            for (int i = 0; i < n; i++) values[i] = i % 5 == 3 ? T.Zero : Random(rng);
            if (n > 0) values[0] = T.Zero;
            if (n > 1) values[n - 1] = T.One;
            var inverted = (T[])values.Clone();
            FieldBatch.Invert<T>(inverted);
            for (int i = 0; i < n; i++)
            {
                if (values[i].IsZero) Assert.True(inverted[i].IsZero);
                else Assert.True(inverted[i] == values[i].Inverse());
            }
            var output = new T[n];
            FieldBatch.Invert<T>(values, output);
            Assert.Equal(inverted, output);
        }
        // All zeros: nothing to invert, nothing throws.
        var zeros = new T[10];
        FieldBatch.Invert<T>(zeros);
        Assert.All(zeros, z => Assert.True(z.IsZero));
        Assert.Throws<ArgumentException>(() => FieldBatch.Invert<T>(new T[3], new T[4]));
        // The non-zero variant: same inverses, and a zero anywhere throws before anything changes.
        var rng2 = new Random(29);
        foreach (int n in new[] { 1, 5, 32, 33, 1000 })
        {
            var values = Enumerable.Range(0, n).Select(_ => T.FromBigInteger(TestUtil.RandomBelow(rng2, P - 1) + 1)).ToArray();
            var inverted = (T[])values.Clone();
            FieldBatch.InvertNonZero<T>(inverted);
            for (int i = 0; i < n; i++) Assert.True(inverted[i] * values[i] == T.One);
            var withZero = (T[])values.Clone();
            withZero[n / 2] = T.Zero;
            var before = (T[])withZero.Clone();
            Assert.Throws<DivideByZeroException>(() => FieldBatch.InvertNonZero<T>(withZero));
            Assert.Equal(before, withZero);
        }
    }

    [Fact]
    public void EqualityAndHashingFollowValue()
    {
        var rng = new Random(23);
        for (int i = 0; i < 200; i++)
        {
            var a = TestUtil.RandomBelow(rng, P);
            T x = T.FromBigInteger(a), y = T.FromBigInteger(a + P);
            Assert.True(x.Equals(y));
            Assert.True(x.Equals((object)y));
            Assert.Equal(x.GetHashCode(), y.GetHashCode());
            Assert.Equal(a.ToString(), x.ToString());
        }
    }
}

internal static class FieldTestExtensions
{
    public static bool IsOne<T>(this T x) where T : struct, IPrimeField<T> => x == T.One;
}

public sealed class FrFieldTests : PrimeFieldTests<Fr>
{
    protected override Fr FromBytesBigEndian(ReadOnlySpan<byte> b) => Fr.FromBytesBigEndian(b);
    protected override Fr FromBytesLittleEndian(ReadOnlySpan<byte> b) => Fr.FromBytesLittleEndian(b);
    protected override void WriteBigEndian(Fr x, Span<byte> b) => x.WriteBytesBigEndian(b);
    protected override void WriteLittleEndian(Fr x, Span<byte> b) => x.WriteBytesLittleEndian(b);
    protected override Fr FromWideBytes(ReadOnlySpan<byte> b) => Fr.FromWideBytes(b);
    protected override Fr FromInt64(long v) => Fr.FromInt64(v);
    protected override Fr Random(Random rng) => Fr.Random(rng);
}

public sealed class FqFieldTests : PrimeFieldTests<Fq>
{
    protected override Fq FromBytesBigEndian(ReadOnlySpan<byte> b) => Fq.FromBytesBigEndian(b);
    protected override Fq FromBytesLittleEndian(ReadOnlySpan<byte> b) => Fq.FromBytesLittleEndian(b);
    protected override void WriteBigEndian(Fq x, Span<byte> b) => x.WriteBytesBigEndian(b);
    protected override void WriteLittleEndian(Fq x, Span<byte> b) => x.WriteBytesLittleEndian(b);
    protected override Fq FromWideBytes(ReadOnlySpan<byte> b) => Fq.FromWideBytes(b);
    protected override Fq FromInt64(long v) => Fq.FromInt64(v);
    protected override Fq Random(Random rng) => Fq.Random(rng);
}
