namespace ZkmlGpu.Field;

/// <summary>
/// The flag bits shared by the compressed encodings of G1 (32 bytes) and G2 (64 bytes). A base-field element
/// below q &lt; 2^254 leaves the two top bits of its big-endian first byte free:
/// <list type="bullet">
/// <item>0x80 — the point's y is lexicographically largest (y &gt; (q − 1)/2, or the Fq2 rule for G2);</item>
/// <item>0x40 — the point is the identity; then every other bit of the encoding is zero (exactly 0x40, 0, …, 0).</item>
/// </list>
/// Both bits set is invalid. Uncompressed encodings carry no flags (the identity is all zero bytes), so their
/// top bits must be zero, which the coordinate range check (value &lt; q) enforces.
/// </summary>
internal static class PointEncodingFlags
{
    public const byte YLargest = 0x80;
    public const byte Infinity = 0x40;
    public const byte Mask = YLargest | Infinity;

    /// <summary>Writes the compressed identity: 0x40 followed by zeros.</summary>
    public static void WriteInfinity(Span<byte> destination)
    {
        destination.Clear();
        destination[0] = Infinity;
    }

    /// <summary>Sets the y flag on an encoded x (whose top two bits are zero because x &lt; q).</summary>
    public static void SetYLargest(Span<byte> destination, bool yLargest)
    {
        if (yLargest) destination[0] |= YLargest;
    }

    /// <summary>
    /// Validates a compressed encoding's length and flags. Returns true for the identity (after checking every
    /// other bit is zero). Otherwise copies the x bytes with the flag bits cleared into <paramref name="xBytes"/>
    /// and reports the y flag. Throws <see cref="InvalidEncodingException"/> for a wrong length, both flags set,
    /// or stray bits in an identity encoding.
    /// </summary>
    public static bool ReadCompressed(ReadOnlySpan<byte> encoding, int expectedLength, string what, Span<byte> xBytes, out bool yLargest)
    {
        if (encoding.Length != expectedLength)
            throw new InvalidEncodingException($"A compressed {what} point is {expectedLength} bytes, got {encoding.Length}.");
        byte flags = (byte)(encoding[0] & Mask);
        if (flags == Mask)
            throw new InvalidEncodingException($"Compressed {what} point has both the infinity and the y-sign flags set.");
        if (flags == Infinity)
        {
            if ((encoding[0] & ~Mask) != 0 || encoding[1..].ContainsAnyExcept((byte)0))
                throw new InvalidEncodingException($"Compressed {what} identity must be 0x40 followed by zero bytes.");
            yLargest = false;
            return true;
        }
        yLargest = flags == YLargest;
        encoding.CopyTo(xBytes);
        xBytes[0] &= unchecked((byte)~Mask);
        return false;
    }

    /// <summary>Whether an uncompressed encoding is the identity (all zero bytes).</summary>
    public static bool IsUncompressedInfinity(ReadOnlySpan<byte> encoding) => !encoding.ContainsAnyExcept((byte)0);
}
