using ZkmlGpu.Cluster.Work;
using ZkmlGpu.Field;

namespace ZkmlGpu.Cluster.Tests;

public class ChunkWorkEncodingTests
{
    private static readonly ChunkWork Work = new("model-digest", "srs-digest", [3, 7], 1, 3, Fr.FromInt64(5), Fr.FromInt64(-9), "vk-digest",
        [[1, -2, long.MaxValue], [], [long.MinValue]]);

    [Fact]
    public void RoundTrips()
    {
        var back = ChunkWorkEncoding.Decode(ChunkWorkEncoding.Encode(Work));
        Assert.Equal((Work.ModelDigest, Work.SrsDigest, Work.VerifyingKeyDigest, Work.Index, Work.Count), (back.ModelDigest, back.SrsDigest, back.VerifyingKeyDigest, back.Index, back.Count));
        Assert.Equal(Work.Cuts, back.Cuts);
        Assert.Equal((Work.InputSalt, Work.OutputSalt), (back.InputSalt, back.OutputSalt));
        Assert.Equal(Work.Inputs, back.Inputs);
    }

    [Fact]
    public void EveryTruncationIsAFormatException()
    {
        byte[] bytes = ChunkWorkEncoding.Encode(Work);
        for (int n = 0; n < bytes.Length; n++)
        {
            var e = Assert.Throws<FormatException>(() => ChunkWorkEncoding.Decode(bytes.AsSpan(0, n)));
            Assert.StartsWith("chunk work: ", e.Message);
        }
        Assert.Contains("bytes after", Assert.Throws<FormatException>(() => ChunkWorkEncoding.Decode([.. bytes, 0])).Message);
    }

    [Fact]
    public void BadVersionsCountsAndSaltsAreNamed()
    {
        byte[] bytes = ChunkWorkEncoding.Encode(Work);
        var version = bytes.ToArray();
        version[4] = 2;
        Assert.Contains("version 2", Assert.Throws<FormatException>(() => ChunkWorkEncoding.Decode(version)).Message);

        // A huge input count cannot make the decoder allocate: it is checked against the bytes left.
        int tensorsAt = bytes.Length - (4 + 24) - (4 + 0) - (4 + 8) - 4;
        var huge = bytes.ToArray();
        BitConverter.TryWriteBytes(huge.AsSpan(tensorsAt), int.MaxValue);
        Assert.Contains("input tensor count", Assert.Throws<FormatException>(() => ChunkWorkEncoding.Decode(huge)).Message);

        int saltAt = bytes.Length - 4 - (4 + 24) - (4 + 0) - (4 + 8) - 64;
        var salt = bytes.ToArray();
        salt.AsSpan(saltAt, 32).Fill(0xFF);
        Assert.Contains("input salt", Assert.Throws<FormatException>(() => ChunkWorkEncoding.Decode(salt)).Message);
    }
}
