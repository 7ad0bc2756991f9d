namespace ZkmlGpu.Field;

/// <summary>
/// G2 encodings. Uncompressed (EIP-197): 128 bytes big-endian x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 (imaginary part first),
/// the identity is all zeros. Compressed: 64 bytes x.c1 ‖ x.c0 with flags in the top two bits of the first byte:
/// 0x80 = y is the lexicographically largest root (imaginary part compared first), 0x40 = identity (all other
/// bits zero). Decoding is strict: every malformed input throws <see cref="InvalidEncodingException"/>.
/// </summary>
public readonly partial struct G2Affine
{
    public const int UncompressedSize = 128;
    public const int CompressedSize = 64;
    private const byte LargestFlag = 0x80, InfinityFlag = 0x40, FlagMask = LargestFlag | InfinityFlag;

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
        if (!bytes.ContainsAnyExcept((byte)0)) return Infinity;
        // Fq parsing rejects values ≥ q, which includes any set flag bit (q < 2^254).
        var x = new Fq2(Fq.FromBytesBigEndian(bytes[32..64]), Fq.FromBytesBigEndian(bytes[..32]));
        var y = new Fq2(Fq.FromBytesBigEndian(bytes[96..]), Fq.FromBytesBigEndian(bytes[64..96]));
        return Create(x, y);
    }

    public void WriteCompressed(Span<byte> destination)
    {
        if (destination.Length != CompressedSize) throw new ArgumentException($"A G2 point is {CompressedSize} bytes compressed.", nameof(destination));
        if (IsInfinity) { destination.Clear(); destination[0] = InfinityFlag; return; }
        X.C1.WriteBytesBigEndian(destination[..32]);
        X.C0.WriteBytesBigEndian(destination[32..]);
        if (Y.IsLexicographicallyLargest) destination[0] |= LargestFlag;
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
        if (bytes.Length != CompressedSize) throw new InvalidEncodingException($"A compressed G2 point is {CompressedSize} bytes, got {bytes.Length}.");
        byte flags = (byte)(bytes[0] & FlagMask);
        if ((flags & InfinityFlag) != 0)
        {
            if (flags != InfinityFlag) throw new InvalidEncodingException("The G2 identity cannot carry the largest-y flag.");
            if ((bytes[0] & ~FlagMask) != 0 || bytes[1..].ContainsAnyExcept((byte)0))
                throw new InvalidEncodingException("The G2 identity encoding must be zero apart from its flag.");
            return Infinity;
        }
        Span<byte> x1 = stackalloc byte[32];
        bytes[..32].CopyTo(x1);
        x1[0] &= unchecked((byte)~FlagMask);
        var x = new Fq2(Fq.FromBytesBigEndian(bytes[32..]), Fq.FromBytesBigEndian(x1));
        Fq2 rhs = x.Square() * x + B;
        if (!rhs.TrySqrt(out Fq2 y)) throw new InvalidEncodingException("G2 x-coordinate is not on the twist.");
        if (y.IsLexicographicallyLargest != ((flags & LargestFlag) != 0)) y = -y;
        var p = new G2Affine(x, y);
        if (!p.IsInSubgroup) throw new InvalidEncodingException("G2 point is on the twist but not in the order-r subgroup.");
        return p;
    }
}
