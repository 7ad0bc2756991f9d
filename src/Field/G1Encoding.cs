namespace ZkmlGpu.Field;

/// <summary>
/// Byte encodings of G1 points.
/// <para><b>Uncompressed (64 bytes, EIP-196):</b> x || y, each 32 bytes big-endian, canonical (&lt; q). The identity is
/// 64 zero bytes ((0, 0) is not on the curve, so this is unambiguous).</para>
/// <para><b>Compressed (32 bytes, gnark-crypto's convention):</b> x big-endian with flags in the two spare top bits of
/// the first byte (see <see cref="PointEncodingFlags"/>): 0x80 = y is the smaller root (y ≤ (q − 1)/2), 0xC0 = y is the
/// larger root, 0x40 = identity, in which case every other bit is zero.</para>
/// Decoding is strict: wrong length, coordinates ≥ q, points off the curve, x without a square root, bad flag
/// combinations and stray bits in an identity encoding all throw <see cref="InvalidEncodingException"/>.
/// G1 has cofactor 1, so a decoded point on the curve is always in the prime-order subgroup.
/// </summary>
public readonly partial struct G1Affine
{
    public const int CompressedSize = 32;
    public const int UncompressedSize = 64;

    /// <summary>Writes the 64-byte uncompressed encoding x || y (big-endian; identity = zeros).</summary>
    public void WriteUncompressed(Span<byte> destination)
    {
        if (destination.Length != UncompressedSize)
            throw new ArgumentException($"An uncompressed G1 point needs {UncompressedSize} bytes, got {destination.Length}.", nameof(destination));
        if (IsInfinity) { destination.Clear(); return; }
        X.WriteBytesBigEndian(destination[..32]);
        Y.WriteBytesBigEndian(destination[32..]);
    }

    public byte[] ToUncompressed()
    {
        var bytes = new byte[UncompressedSize];
        WriteUncompressed(bytes);
        return bytes;
    }

    /// <summary>Decodes 64 bytes x || y; throws <see cref="InvalidEncodingException"/> for any malformed input.</summary>
    public static G1Affine FromUncompressed(ReadOnlySpan<byte> encoding)
    {
        if (encoding.Length != UncompressedSize)
            throw new InvalidEncodingException($"An uncompressed G1 point is {UncompressedSize} bytes, got {encoding.Length}.");
        if (PointEncodingFlags.IsUncompressedInfinity(encoding)) return Infinity;
        Fq x = Fq.FromBytesBigEndian(encoding[..32]);
        Fq y = Fq.FromBytesBigEndian(encoding[32..]);
        return Create(x, y);
    }

    /// <summary>Writes the 32-byte compressed encoding (x with the y-sign and identity flags).</summary>
    public void WriteCompressed(Span<byte> destination)
    {
        if (destination.Length != CompressedSize)
            throw new ArgumentException($"A compressed G1 point needs {CompressedSize} bytes, got {destination.Length}.", nameof(destination));
        if (IsInfinity) { PointEncodingFlags.WriteInfinity(destination); return; }
        X.WriteBytesBigEndian(destination);
        PointEncodingFlags.SetYFlag(destination, Y.IsLexicographicallyLargest);
    }

    public byte[] ToCompressed()
    {
        var bytes = new byte[CompressedSize];
        WriteCompressed(bytes);
        return bytes;
    }

    /// <summary>
    /// Decodes 32 compressed bytes, recovering y = ±√(x³ + 3) by the flag; throws
    /// <see cref="InvalidEncodingException"/> for any malformed input.
    /// </summary>
    public static G1Affine FromCompressed(ReadOnlySpan<byte> encoding)
    {
        Span<byte> xBytes = stackalloc byte[CompressedSize];
        if (PointEncodingFlags.ReadCompressed(encoding, CompressedSize, "G1", xBytes, out bool yLargest)) return Infinity;
        Fq x = Fq.FromBytesBigEndian(xBytes);
        if (!(x.Square() * x + B).TrySqrt(out Fq y))
            throw new InvalidEncodingException("Compressed G1 point: x³ + 3 has no square root, so x is not on the curve.");
        if (y.IsLexicographicallyLargest != yLargest) y = -y;
        return new G1Affine(x, y);
    }
}
