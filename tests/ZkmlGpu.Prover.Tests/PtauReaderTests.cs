using System.Buffers.Binary;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using static ZkmlGpu.Prover.Tests.KzgTestHelpers;

namespace ZkmlGpu.Prover.Tests;

public class PtauReaderTests
{
    internal static readonly string PtauPath = Path.Combine(AppContext.BaseDirectory, "data", "pot12_final.ptau");
    private static readonly Lazy<byte[]> FileBytes = new(() => File.ReadAllBytes(PtauPath));
    private static readonly Lazy<Srs> Full = new(() => Srs.ReadPtau(PtauPath));

    // Offsets in pot12_final.ptau (section table of this file: header at 24, tauG1 data at 80, tauG2 data at 524316).
    private const int HeaderData = 24, TauG1Data = 80, TauG2Data = 524316;

    [Fact]
    public void ReadsTheTestFile()
    {
        var srs = Full.Value;
        Assert.Equal(4096, srs.Size);
        Assert.Equal(G1Affine.Generator, srs.G1Powers.Span[0]);
        Assert.Equal(G2Affine.Generator, srs.G2);
        Assert.True(srs.TauG2.IsInSubgroup);
        var g1 = srs.G1Powers.Span;
        foreach (var p in g1) Assert.True(p.IsOnCurve && !p.IsInfinity);
        // Consecutive powers are related by τ: spot-check with pairings across the range.
        foreach (int i in new[] { 0, 1, 1000, 4094 })
            Assert.True(Pairing.Check([g1[i + 1], -g1[i]], [srs.G2, srs.TauG2]), $"power {i}");
    }

    [Fact]
    public void MaxSizeSelectsAPrefixUpToAllG1Powers()
    {
        var small = Srs.ReadPtau(PtauPath, 100);
        Assert.Equal(100, small.Size);
        Assert.True(small.G1Powers.Span.SequenceEqual(Full.Value.G1Powers.Span[..100]));
        Assert.Equal(Full.Value.TauG2, small.TauG2);
        Assert.Equal(1, Srs.ReadPtau(PtauPath, 1).Size);
        var all = Srs.ReadPtau(PtauPath, 8191);
        Assert.True(all.G1Powers.Span[..4096].SequenceEqual(Full.Value.G1Powers.Span));
        Assert.True(Pairing.Check([all.G1Powers.Span[8190], -all.G1Powers.Span[8189]], [all.G2, all.TauG2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Srs.ReadPtau(PtauPath, 8192));
        Assert.Throws<ArgumentOutOfRangeException>(() => Srs.ReadPtau(PtauPath, 0));
    }

    [Fact]
    public void ReadsFromANonSeekableStream()
    {
        using var stream = new ForwardOnlyStream(new MemoryStream(FileBytes.Value));
        var srs = Srs.ReadPtau(stream, 64);
        Assert.True(srs.G1Powers.Span.SequenceEqual(Full.Value.G1Powers.Span[..64]));
    }

    [Fact]
    public void KzgRoundTripWithThePtauSrs()
    {
        var rng = new Random(41);
        var srs = Srs.ReadPtau(PtauPath, 64);
        using var device = new CpuDevice();
        using var committer = new KzgCommitter(srs, device);
        var p = RandomPoly(rng, 64);
        var c = committer.Commit(p);
        Assert.Equal(NaiveMsm(srs.G1Powers.Span, p).ToAffine(), c);
        Fr z = Fr.Random(rng);
        var o = committer.Open(p, z);
        Assert.True(KzgVerifier.Verify(srs.VerifierKey, c, z, o));
        Assert.False(KzgVerifier.Verify(srs.VerifierKey, c, z, o.Value + Fr.One, o.Proof));
    }

    [Fact]
    public void RejectsTruncatedCopies()
    {
        var bytes = FileBytes.Value;
        foreach (int length in new[] { 0, 3, 11, 20, 30, 70, 100, TauG2Data - 1, TauG2Data + 200, bytes.Length - 1 })
            Assert.Throws<InvalidEncodingException>(() => Srs.ReadPtau(new MemoryStream(bytes, 0, length)));
    }

    [Fact]
    public void RejectsCorruptedHeaders()
    {
        Reject(b => b[0] ^= 1);                                                   // magic
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 2));   // version
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 2));   // section count: tauG2 missing
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(HeaderData), 48)); // n8
        Reject(b => b[HeaderData + 4] ^= 2);                                      // prime: not BN254's q
        Reject(b => b[HeaderData + 4 + 31] ^= 0x80);                             // prime, top byte
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(HeaderData + 36), 11)); // power: sizes mismatch
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(HeaderData + 36), 40)); // power out of range
        Reject(b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 9));  // header section renamed: no header
        Reject(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), 1UL << 40)); // header size beyond the file
    }

    [Fact]
    public void RejectsCorruptedPoints()
    {
        Reject(b => b[TauG1Data + 64 * 3 + 5] ^= 1);            // G1[3].x: off the curve
        Reject(b => b[TauG1Data + 64 * 4000 + 40] ^= 1);        // G1[4000].y: off the curve
        Reject(b => b[TauG1Data + 64 * 7 + 31] = 0xFF);          // G1[7].x ≥ q: not canonical
        Reject(b => b.AsSpan(TauG1Data + 64 * 9, 64).Clear());   // G1[9] = identity encoding
        Reject(b => b[TauG2Data + 128 + 70] ^= 1);               // τ·G2: off the twist
        Reject(b => b[TauG2Data + 3] ^= 1);                      // G2: off the twist
        Reject(b => b[TauG2Data + 128 + 127] = 0xFF);            // τ·G2 coordinate ≥ q
        // Valid points in the wrong places: the generator check and the pairing check catch them.
        Reject(b => b.AsSpan(TauG1Data + 64, 64).CopyTo(b.AsSpan(TauG1Data, 64)));           // G1[0] := τ·G1
        Reject(b => b.AsSpan(TauG1Data + 128, 64).CopyTo(b.AsSpan(TauG1Data + 64, 64)));     // τ·G1 := τ²·G1
        Reject(b => b.AsSpan(TauG2Data + 256, 128).CopyTo(b.AsSpan(TauG2Data + 128, 128)));  // τ·G2 := τ²·G2
        Reject(b => b.AsSpan(TauG2Data + 128, 128).CopyTo(b.AsSpan(TauG2Data, 128)));        // G2 := τ·G2
    }

    [Fact]
    public void ChecksEveryPointItReadsAndOnlyThose()
    {
        var bytes = FileBytes.Value.ToArray();
        bytes[TauG1Data + 64 * 6000 + 9] ^= 1; // G1[6000], in the second read chunk, beyond the default 4096
        Assert.Equal(4096, Srs.ReadPtau(new MemoryStream(bytes)).Size);
        Assert.Throws<InvalidEncodingException>(() => Srs.ReadPtau(new MemoryStream(bytes), 8191));
        Assert.Throws<InvalidEncodingException>(() => Srs.ReadPtau(new MemoryStream(bytes), 6001));
        Assert.Equal(6000, Srs.ReadPtau(new MemoryStream(bytes), 6000).Size);
    }

    [Fact]
    public void RejectsATwistPointOutsideG2()
    {
        // A point on the twist E'(Fq2) whose order is not r: the twist's cofactor is large, so a random point is one.
        var rng = new Random(42);
        G2Affine p;
        while (true)
        {
            var x = Fq2.Random(rng);
            if ((x.Square() * x + G2Affine.B).TrySqrt(out var y)) { p = new G2Affine(x, y); break; }
        }
        Assert.True(p.IsOnCurve);
        Assert.False(p.IsInSubgroup);
        Reject(b => WriteMontgomeryG2(b.AsSpan(TauG2Data + 128, 128), p));
        Reject(b => WriteMontgomeryG2(b.AsSpan(TauG2Data, 128), p));
        // The same writer with the genuine τ·G2 leaves the file valid (so the rejection above is the subgroup check).
        var ok = FileBytes.Value.ToArray();
        WriteMontgomeryG2(ok.AsSpan(TauG2Data + 128, 128), Full.Value.TauG2);
        Assert.Equal(Full.Value.TauG2, Srs.ReadPtau(new MemoryStream(ok), 4).TauG2);
    }

    private static void WriteMontgomeryG2(Span<byte> dst, G2Affine p)
    {
        p.X.C0.Mont.WriteLittleEndian(dst[..32]);
        p.X.C1.Mont.WriteLittleEndian(dst[32..64]);
        p.Y.C0.Mont.WriteLittleEndian(dst[64..96]);
        p.Y.C1.Mont.WriteLittleEndian(dst[96..]);
    }

    private static void Reject(Action<byte[]> corrupt)
    {
        var bytes = FileBytes.Value.ToArray();
        corrupt(bytes);
        Assert.Throws<InvalidEncodingException>(() => Srs.ReadPtau(new MemoryStream(bytes)));
    }
}

/// <summary>A read-only stream that cannot seek, like a pipe.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
}
