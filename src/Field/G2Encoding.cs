namespace ZkmlGpu.Field;

/// <summary>
/// G2 encodings. Uncompressed (EIP-197): 128 bytes big-endian x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (imaginary part first),
/// the identity is all zeros. Compressed (gnark-crypto's convention): 64 bytes x.c1 ‖ x.c0 with flags in the top two
/// bits of the first byte: 0x80 = y is the smaller root, 0xC0 = the larger (imaginary part compared first, the real
/// part when the imaginary part is zero), 0x40 = identity (all other bits zero). Decoding is strict: every malformed input throws <see cref="InvalidEncodingException"/>.
/// </summary>
public readonly partial struct G2Affine
{
    public const int UncompressedSize = 128;
    public const int CompressedSize = 64;

    public void WriteUncompressed(Span<byte> destination)
    {
        if (destination.Length != UncompressedSize) throw new ArgumentException($"A G2 point is {UncompressedSize} bytes uncompressed.", nameof(destination));
        if (IsInfinity) { destination.Clear(); return; }
        X.C1.WriteBytesBigEndian(destination[..32]);
        X.C0.WriteBytesBigEndian(destination[32..64]);
        Y.C1.WriteBytesBigEndian(destination[64..96]);
        Y.C0.WriteBytesBigEndian(destination[96..]);
    }

    public byte[] ToUncompressed()
    {
        var bytes = new byte[UncompressedSize];
        WriteUncompressed(bytes);
        return bytes;
    }

    /// <summary>Decodes and validates (canonical coordinates, on the twist, in G2).</summary>
    public static G2Affine FromUncompressed(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != UncompressedSize) throw new InvalidEncodingException($"An uncompressed G2 point is {UncompressedSize} bytes, got {bytes.Length}.");
        if (PointEncodingFlags.IsUncompressedInfinity(bytes)) return Infinity;
        // Fq parsing rejects values ≥ q, which includes any set flag bit (q < 2^254).
        var x = new Fq2(Fq.FromBytesBigEndian(bytes[32..64]), Fq.FromBytesBigEndian(bytes[..32]));
        var y = new Fq2(Fq.FromBytesBigEndian(bytes[96..]), Fq.FromBytesBigEndian(bytes[64..96]));
        return Create(x, y);
    }

    public void WriteCompressed(Span<byte> destination)
    {
        if (destination.Length != CompressedSize) throw new ArgumentException($"A G2 point is {CompressedSize} bytes compressed.", nameof(destination));
        if (IsInfinity) { PointEncodingFlags.WriteInfinity(destination); return; }
        X.C1.WriteBytesBigEndian(destination[..32]);
        X.C0.WriteBytesBigEndian(destination[32..]);
        PointEncodingFlags.SetYFlag(destination, Y.IsLexicographicallyLargest);
    }

    public byte[] ToCompressed()
    {
        var bytes = new byte[CompressedSize];
        WriteCompressed(bytes);
        return bytes;
    }

    /// <summary>Decodes and validates (flags, canonical x, x on the twist, point in G2).</summary>
    public static G2Affine FromCompressed(ReadOnlySpan<byte> bytes)
    {
        Span<byte> xBytes = stackalloc byte[CompressedSize];
        if (PointEncodingFlags.ReadCompressed(bytes, CompressedSize, "G2", xBytes, out bool yLargest)) return Infinity;
        var x = new Fq2(Fq.FromBytesBigEndian(xBytes[32..]), Fq.FromBytesBigEndian(xBytes[..32]));
        Fq2 rhs = x.Square() * x + B;
        if (!rhs.TrySqrt(out Fq2 y)) throw new InvalidEncodingException("G2 x-coordinate is not on the twist.");
        if (y.IsLexicographicallyLargest != yLargest) y = -y;
        var p = new G2Affine(x, y);
        if (!p.IsInSubgroup) throw new InvalidEncodingException("G2 point is on the twist but not in the order-r subgroup.");
        return p;
    }
}
