using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace ZkmlGpu.Field.Tests;

/// <summary>
/// GT values against a reference implementation (noble-curves' BN254 tests, cross-checked there with py_ecc,
/// arkworks and zcash's bn; tests/data/bn254-noble-vectors.json): values must match, not only pairing checks.
/// </summary>
public class PairingReferenceTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "bn254-noble-vectors.json"))).RootElement;

    internal static BigInteger Number(string s) => s.StartsWith("0x", StringComparison.Ordinal)
        ? BigInteger.Parse("0" + s[2..], NumberStyles.HexNumber)
        : BigInteger.Parse(s, CultureInfo.InvariantCulture);

    private static Fq Base(JsonElement e) => Fq.FromBigInteger(Number(e.GetString()!));

    /// <summary>Twelve coefficients in noble's order: c0.c0.c0, c0.c0.c1, c0.c1.c0, …, c1.c2.c1.</summary>
    private static Fq12 Twelve(JsonElement array)
    {
        var c = array.EnumerateArray().Select(Base).ToArray();
        Assert.Equal(12, c.Length);
        Fq6 Six(int o) => new(new Fq2(c[o], c[o + 1]), new Fq2(c[o + 2], c[o + 3]), new Fq2(c[o + 4], c[o + 5]));
        return new Fq12(Six(0), Six(6));
    }

    [Fact]
    public void Fq12LayoutMatchesTheReference()
    {
        var v = Vectors.GetProperty("fq12Mul");
        Assert.Equal(Twelve(v.GetProperty("product")), Twelve(v.GetProperty("x")) * Twelve(v.GetProperty("y")));
    }

    [Fact]
    public void FinalExponentiationMatchesTheReference()
    {
        foreach (var c in Vectors.GetProperty("finalExponentiation").EnumerateArray())
            Assert.Equal(Twelve(c.GetProperty("output")), Pairing.FinalExponentiation(Twelve(c.GetProperty("input"))));
    }

    [Fact]
    public void PairingValueMatchesTheReference()
    {
        var v = Vectors.GetProperty("pairing");
        var g1 = (G1Affine.Generator * Fr.FromBigInteger(Number(v.GetProperty("g1Scalar").GetString()!))).ToAffine();
        var g2 = (G2Affine.Generator * Fr.FromBigInteger(Number(v.GetProperty("g2Scalar").GetString()!))).ToAffine();
        var p1 = v.GetProperty("g1");
        Assert.Equal(new G1Affine(Base(p1.GetProperty("x")), Base(p1.GetProperty("y"))), g1);
        var p2 = v.GetProperty("g2");
        Fq2 Two(JsonElement e) => new(Base(e.GetProperty("c0")), Base(e.GetProperty("c1")));
        Assert.Equal(new G2Affine(Two(p2.GetProperty("x")), Two(p2.GetProperty("y"))), g2);

        var expected = Twelve(v.GetProperty("value"));
        Assert.Equal(expected, Pairing.Pair(g1, g2));
        Assert.Equal(expected, Pairing.Pair(g1, new G2Prepared(g2)));
        Assert.Equal(expected, Pairing.MultiPair([g1], [g2]));
    }
}
