using System.Buffers.Binary;
using System.Security.Cryptography;
using ZkmlGpu.Field;
using ZkmlGpu.Prover.Kzg;

namespace ZkmlGpu.Prover.Tests;

public class SrsFormatTests
{
    private const int HeaderBytes = 24, G2Bytes = 128, G1Start = HeaderBytes + 2 * G2Bytes;
    private static readonly Srs DevSrs = Srs.CreateInsecureDevelopmentSrs(17, 5);

    private static byte[] Serialize(Srs srs)
    {
        using var ms = new MemoryStream();
        srs.Write(ms);
        return ms.ToArray();
    }

    private static void AssertSame(Srs expected, Srs actual)
    {
        Assert.Equal(expected.Size, actual.Size);
        Assert.True(expected.G1Powers.Span.SequenceEqual(actual.G1Powers.Span));
        Assert.Equal(expected.G2, actual.G2);
        Assert.Equal(expected.TauG2, actual.TauG2);
    }

    [Fact]
    public void RoundTripsDevelopmentAndPtauSrs()
    {
        var bytes = Serialize(DevSrs);
        Assert.Equal(G1Start + 17 * 64 + 32, bytes.Length);
        AssertSame(DevSrs, Srs.Read(new MemoryStream(bytes)));
        AssertSame(DevSrs.Truncate(1), Srs.Read(new MemoryStream(Serialize(DevSrs.Truncate(1)))));

        var ptau = Srs.ReadPtau(PtauReaderTests.PtauPath, 8191); // several read chunks
        var path = Path.Combine(Path.GetTempPath(), $"zkml-srs-{Guid.NewGuid():N}.srs");
        try
        {
            ptau.Save(path);
            AssertSame(ptau, Srs.Load(path));
            File.AppendAllText(path, "x");
            Assert.Throws<InvalidEncodingException>(() => Srs.Load(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void RejectsCorruptedHeaders()
    {
        Reject(b => b[0] ^= 1, rehash: false);
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 2));
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 2));
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 0));
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 18)); // claims more points than present
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 16), rehash: false); // fewer: checksum lands on data
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), uint.MaxValue));
        Reject(b => b[20] = 2); // unknown flag (bit 0 marks the development SRS)
    }

    [Fact]
    public void RejectsCorruptedPointsAndChecksums()
    {
        Reject(b => b[G1Start + 64 * 5 + 20] ^= 1, rehash: false);  // checksum catches it
        Reject(b => b[G1Start + 64 * 5 + 20] ^= 1);                 // curve check catches it even with a fixed checksum
        Reject(b => b[G1Start + 64 * 2] = 0xFF);                      // x ≥ q
        Reject(b => b.AsSpan(G1Start + 64 * 3, 64).Clear());          // identity
        Reject(b => b[HeaderBytes + 5] ^= 1);                         // G2 off the twist
        Reject(b => b[HeaderBytes + G2Bytes + 100] ^= 1);             // τ·G2 off the twist
        Reject(b => b.AsSpan(HeaderBytes + G2Bytes, G2Bytes).Clear()); // τ·G2 = identity
        Reject(b => b.AsSpan(HeaderBytes, G2Bytes).CopyTo(b.AsSpan(HeaderBytes + G2Bytes))); // τ·G2 := G2: pairing fails
        Reject(b => b.AsSpan(G1Start + 128, 64).CopyTo(b.AsSpan(G1Start + 64)));             // τ·G1 := τ²·G1: pairing fails
        Reject(b => b.AsSpan(G1Start + 64, 64).CopyTo(b.AsSpan(G1Start)));                  // G1 := τ·G1: not the generator
        Reject(b => b[^1] ^= 1, rehash: false);
    }

    [Fact]
    public void StructuralLoadingChecksOnePowerAndValidateAllPowersChecksTheRest()
    {
        using var device = new ZkmlGpu.Gpu.Cpu.CpuDevice();
        DevSrs.ValidateAllPowers(device);
        Srs.ReadPtau(PtauReaderTests.PtauPath).ValidateAllPowers(device);
        // Swap two later powers (valid points, fixed checksum): loading accepts it, the full check does not.
        var bytes = Serialize(DevSrs);
        var p5 = bytes.AsSpan(G1Start + 64 * 5, 64).ToArray();
        bytes.AsSpan(G1Start + 64 * 9, 64).CopyTo(bytes.AsSpan(G1Start + 64 * 5));
        p5.CopyTo(bytes.AsSpan(G1Start + 64 * 9));
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        var tampered = Srs.Read(new MemoryStream(bytes), validateAllPowers: false);
        Assert.Throws<InvalidEncodingException>(() => tampered.ValidateAllPowers(device));
        Srs.CreateInsecureDevelopmentSrs(1, 3).ValidateAllPowers(device); // nothing to relate
    }

    [Fact]
    public void RejectsTruncatedFiles()
    {
        var bytes = Serialize(DevSrs);
        foreach (int length in new[] { 0, 7, 23, 100, G1Start, G1Start + 64 * 3 + 1, bytes.Length - 1 })
            Assert.Throws<InvalidEncodingException>(() => Srs.Read(new MemoryStream(bytes, 0, length)));
    }

    private static void Reject(Action<byte[]> corrupt, bool rehash = true)
    {
        var bytes = Serialize(DevSrs);
        corrupt(bytes);
        if (rehash) SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        Assert.Throws<InvalidEncodingException>(() => Srs.Read(new MemoryStream(bytes)));
    }
}
