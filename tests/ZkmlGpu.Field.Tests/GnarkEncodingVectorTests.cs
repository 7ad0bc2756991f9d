using System.Text.Json;

namespace ZkmlGpu.Field.Tests;

/// <summary>
/// Compressed encodings against gnark-crypto's (tests/data/bn254-gnark-compressed.json): both flag values occur,
/// so a swapped convention (a silent negation) fails here.
/// </summary>
public class GnarkEncodingVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "bn254-gnark-compressed.json"))).RootElement;

    [Fact]
    public void G1VectorsEncodeAndDecodeLikeGnark()
    {
        int smallest = 0, largest = 0;
        foreach (var v in Vectors.GetProperty("g1").EnumerateArray())
        {
            byte[] compressed = Convert.FromHexString(v.GetProperty("compressed").GetString()!);
            byte[] uncompressed = Convert.FromHexString(v.GetProperty("uncompressed").GetString()!);
            var expected = new G1Affine(
                Fq.FromBigInteger(PairingReferenceTests.Number(v.GetProperty("x").GetString()!)),
                Fq.FromBigInteger(PairingReferenceTests.Number(v.GetProperty("y").GetString()!)));
            Assert.True(expected.IsOnCurve);
            Assert.Equal(expected, G1Affine.FromCompressed(compressed));
            Assert.Equal(compressed, expected.ToCompressed());
            // gnark's raw form (flags 00) is EIP-196's uncompressed encoding.
            Assert.Equal(uncompressed, expected.ToUncompressed());
            if ((compressed[0] & 0xC0) == 0xC0) largest++; else smallest++;
        }
        Assert.True(smallest > 0 && largest > 0);
    }

    [Fact]
    public void G2GeneratorEncodesLikeGnark()
    {
        byte[] compressed = Convert.FromHexString(Vectors.GetProperty("g2Generator").GetString()!);
        Assert.Equal(compressed, G2Affine.Generator.ToCompressed());
        Assert.Equal(G2Affine.Generator, G2Affine.FromCompressed(compressed));
        var negated = (byte[])compressed.Clone();
        negated[0] |= 0x40;
        Assert.Equal(-G2Affine.Generator, G2Affine.FromCompressed(negated));
    }
}
