using System.Text;
using ZkmlGpu.Field;
using ZkmlGpu.Prover.Transcript;

namespace ZkmlGpu.Prover.Tests;

public class TranscriptTests
{
    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")]
    public void Keccak256MatchesKnownVectors(string input, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexStringLower(Keccak256.Hash(Encoding.ASCII.GetBytes(input))));
    }

    [Fact]
    public void Keccak256IncrementalEqualsOneShotAcrossBlockBoundaries()
    {
        var rng = new Random(5);
        foreach (int length in new[] { 0, 1, 135, 136, 137, 271, 272, 273, 1000 })
        {
            var data = new byte[length];
            rng.NextBytes(data);
            var k = new Keccak256();
            int pos = 0;
            while (pos < length) { int take = Math.Min(rng.Next(1, 50), length - pos); k.Append(data.AsSpan(pos, take)); pos += take; }
            Assert.Equal(Keccak256.Hash(data), k.Finish());
        }
    }

    [Fact]
    public void Keccak256OfOneMillionAIsTheKnownValue()
    {
        // A long input crossing many blocks (vector from the Keccak team's test suite for Keccak-256).
        var k = new Keccak256();
        var chunk = Encoding.ASCII.GetBytes(new string('a', 1000));
        for (int i = 0; i < 1000; i++) k.Append(chunk);
        Assert.Equal("fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96", Convert.ToHexStringLower(k.Finish()));
    }

    [Fact]
    public void TranscriptIsDeterministicAndSensitiveToEveryInput()
    {
        Fr Run(string domain, Fr scalar, byte[] bytes, G1Affine p)
        {
            var t = new KeccakTranscript(domain);
            t.AbsorbBytes(bytes); t.AbsorbScalar(scalar); t.AbsorbPoint(p);
            t.SqueezeChallenge();
            return t.SqueezeChallenge();
        }
        var g = G1Affine.Generator;
        var baseline = Run("d", Fr.FromUInt64(7), [1, 2, 3], g);
        Assert.Equal(baseline, Run("d", Fr.FromUInt64(7), [1, 2, 3], g));
        Assert.NotEqual(baseline, Run("e", Fr.FromUInt64(7), [1, 2, 3], g));
        Assert.NotEqual(baseline, Run("d", Fr.FromUInt64(8), [1, 2, 3], g));
        Assert.NotEqual(baseline, Run("d", Fr.FromUInt64(7), [1, 2, 4], g));
        Assert.NotEqual(baseline, Run("d", Fr.FromUInt64(7), [1, 2, 3], -g));
    }

    [Fact]
    public void ConsecutiveChallengesDifferAndFramingPreventsConcatenationCollisions()
    {
        var t = new KeccakTranscript("d");
        Assert.NotEqual(t.SqueezeChallenge(), t.SqueezeChallenge());
        var a = new KeccakTranscript("d"); a.AbsorbBytes([1, 2]); a.AbsorbBytes([3]);
        var b = new KeccakTranscript("d"); b.AbsorbBytes([1]); b.AbsorbBytes([2, 3]);
        Assert.NotEqual(a.SqueezeChallenge(), b.SqueezeChallenge());
    }
}
