using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using ZkmlGpu.Field;
using ZkmlGpu.Prover.Kzg;

namespace ZkmlGpu.Prover.Tests;

/// <summary>Hostile SRS headers, full validation of the powers, the SRS digest and the development flag.</summary>
public class SrsHardeningTests
{
    private const int HeaderBytes = 24, G1Start = HeaderBytes + 2 * 128;
    private static readonly Srs DevSrs = Srs.CreateInsecureDevelopmentSrs(40, 7);

    private static byte[] Serialize(Srs srs)
    {
        using var ms = new MemoryStream();
        srs.Write(ms);
        return ms.ToArray();
    }

    /// <summary>Runs the decoder on a hostile input: the one exception type, fast, and no large allocation.</summary>
    private static void RejectCheaply(Action decode)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        Assert.Throws<InvalidEncodingException>(decode);
        Assert.True(clock.ElapsedMilliseconds < 2000, $"took {clock.ElapsedMilliseconds} ms");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void OwnFormatHeaderClaimingHugeCountsIsRejectedBeforeAllocating()
    {
        var bytes = Serialize(DevSrs);
        foreach (uint count in new uint[] { 1u << 28, (1u << 28) - 1, 41, 1u << 20 })
        {
            var hostile = bytes.AsSpan(0, 300).ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(hostile.AsSpan(16), count);
            RejectCheaply(() => Srs.Read(new MemoryStream(hostile)));
            // A stream without a length grows its buffer with the data, so it stays small too.
            RejectCheaply(() => Srs.Read(new ForwardOnlyStream(new MemoryStream(hostile))));
        }
    }

    [Fact]
    public void PtauHeadersClaimingHugeSizesAreRejectedBeforeAllocating()
    {
        // "ptau", version 1, 3 sections; a BN254 header section with power 28; a tauG1 section claiming 2^29 points.
        var w = new MemoryStream();
        void U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); w.Write(b); }
        void U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); w.Write(b); }
        w.Write("ptau"u8); U32(1); U32(3);
        U32(1); U64(44); U32(32);
        Span<byte> prime = stackalloc byte[32];
        U256.FromBigInteger(Fq.Modulus).WriteLittleEndian(prime);
        w.Write(prime); U32(28); U32(28);
        U32(2); U64(((2UL << 28) - 1) * 64);
        w.Write(new byte[200]);
        var hostile = w.ToArray();
        RejectCheaply(() => Srs.ReadPtau(new MemoryStream(hostile)));
        RejectCheaply(() => Srs.ReadPtau(new ForwardOnlyStream(new MemoryStream(hostile))));
        // A section table that claims 4 billion sections.
        var manySections = hostile.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(manySections.AsSpan(8), uint.MaxValue);
        RejectCheaply(() => Srs.ReadPtau(new MemoryStream(manySections)));
        // Truncations of the real file.
        var real = File.ReadAllBytes(PtauReaderTests.PtauPath);
        foreach (int cut in new[] { 0, 11, 12, 60, 80, 1000, real.Length / 2, real.Length - 1 })
            RejectCheaply(() => Srs.ReadPtau(new MemoryStream(real, 0, cut)));
    }

    [Fact]
    public void FullValidationIsOnByDefaultAndCatchesTamperedPowers()
    {
        var bytes = Serialize(DevSrs);
        // Swap two powers (both valid curve points; checksum fixed): only the all-powers check sees it.
        var swapped = bytes.ToArray();
        swapped.AsSpan(G1Start + 64 * 20, 64).CopyTo(swapped.AsSpan(G1Start + 64 * 7));
        bytes.AsSpan(G1Start + 64 * 7, 64).CopyTo(swapped.AsSpan(G1Start + 64 * 20));
        // Replace one power by a random point on the curve.
        var replaced = bytes.ToArray();
        G1Affine.Random(new Random(3)).WriteUncompressed(replaced.AsSpan(G1Start + 64 * 33, 64));
        foreach (var tampered in new[] { swapped, replaced })
        {
            SHA256.HashData(tampered.AsSpan(0, tampered.Length - 32), tampered.AsSpan(tampered.Length - 32));
            Assert.Contains("powers", Assert.Throws<InvalidEncodingException>(() => Srs.Read(new MemoryStream(tampered))).Message);
            Assert.Equal(40, Srs.Read(new MemoryStream(tampered), validateAllPowers: false).Size); // structure alone passes
        }
        Assert.Equal(40, Srs.Read(new MemoryStream(bytes)).Size);
        // The shipped ceremony file passes the full check (which ReadPtau runs by default).
        var ptau = Srs.ReadPtau(PtauReaderTests.PtauPath);
        ptau.ValidateAllPowers();
        Assert.Equal(4096, ptau.Size);
    }

    [Fact]
    public void PtauWithATamperedPowerFailsFullValidation()
    {
        var real = File.ReadAllBytes(PtauReaderTests.PtauPath);
        const int TauG1Data = 80;
        var tampered = real.ToArray();
        real.AsSpan(TauG1Data + 64 * 100, 64).CopyTo(tampered.AsSpan(TauG1Data + 64 * 200));
        Assert.Throws<InvalidEncodingException>(() => Srs.ReadPtau(new MemoryStream(tampered)));
        Assert.Equal(4096, Srs.ReadPtau(new MemoryStream(tampered), validateAllPowers: false).Size);
        Assert.Equal(100, Srs.ReadPtau(new MemoryStream(tampered), 100).Size); // only the powers read are checked
    }

    [Fact]
    public void DigestNamesTheSrsAndTheDevelopmentFlagSurvivesFiles()
    {
        Assert.True(DevSrs.IsInsecureDevelopment);
        Assert.Equal(DevSrs.Digest, DevSrs.Truncate(5).Digest);
        Assert.True(DevSrs.Truncate(5).IsInsecureDevelopment);
        Assert.NotEqual(DevSrs.Digest, Srs.CreateInsecureDevelopmentSrs(40, 8).Digest);
        var reloaded = Srs.Read(new MemoryStream(Serialize(DevSrs)));
        Assert.True(reloaded.IsInsecureDevelopment);
        Assert.Equal(DevSrs.Digest, reloaded.Digest);
        var ptau = Srs.ReadPtau(PtauReaderTests.PtauPath, 64);
        Assert.False(ptau.IsInsecureDevelopment);
        Assert.False(Srs.Read(new MemoryStream(Serialize(ptau))).IsInsecureDevelopment);
        Assert.Equal(ptau.Digest, SrsDigest.Parse(ptau.Digest.Hex));
        Assert.Throws<InvalidEncodingException>(() => SrsDigest.Parse("zz"));
        // Unknown header flags are rejected.
        var bytes = Serialize(DevSrs);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), 2);
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        Assert.Throws<InvalidEncodingException>(() => Srs.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void VerifierKeyEncodingCarriesTheFlagAndIsStrict()
    {
        foreach (var srs in new[] { DevSrs, Srs.ReadPtau(PtauReaderTests.PtauPath, 8) })
        {
            var bytes = new byte[KzgVerifierKey.EncodedSize];
            srs.VerifierKey.WriteTo(bytes);
            var back = KzgVerifierKey.FromBytes(bytes);
            Assert.Equal(srs.IsInsecureDevelopment, back.IsInsecureDevelopment);
            Assert.Equal(srs.Digest, back.Digest);
            bytes[^1] = 2;
            Assert.Throws<InvalidEncodingException>(() => KzgVerifierKey.FromBytes(bytes));
            Assert.Throws<InvalidEncodingException>(() => KzgVerifierKey.FromBytes(bytes.AsSpan(1)));
        }
        var ptauKey = Srs.ReadPtau(PtauReaderTests.PtauPath, 8).VerifierKey;
        ptauKey.Require(ptauKey.Digest);
        var e = Assert.Throws<ArgumentException>(() => DevSrs.VerifierKey.Require(ptauKey.Digest));
        Assert.Contains("insecure development", e.Message);
    }
}
