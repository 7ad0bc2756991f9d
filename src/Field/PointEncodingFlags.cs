namespace ZkmlGpu.Field;

/// <summary>
/// The flags of the compressed encodings of G1 (32 bytes) and G2 (64 bytes), gnark-crypto's convention for BN254
/// (ecc/bn254/marshal.go), so points move between the tools without silent negation. A base-field element below
/// q &lt; 2^254 leaves the two top bits of its big-endian first byte free; they hold:
/// <list type="bullet">
/// <item>0b10 (0x80) — compressed, y is the lexicographically smallest root (y ≤ (q − 1)/2, or the Fq2 rule for G2);</item>
/// <item>0b11 (0xC0) — compressed, y is the lexicographically largest root;</item>
/// <item>0b01 (0x40) — the identity; then every other bit of the encoding is zero (exactly 0x40, 0, …, 0).</item>
/// </list>
/// 0b00 marks gnark's uncompressed form, so it is invalid in a compressed encoding. Uncompressed encodings (EIP-196/197)
/// carry no flags (the identity is all zero bytes), so their top bits must be zero, which the range check (&lt; q) enforces.
/// </summary>
internal static class PointEncodingFlags
{
    public const byte Smallest = 0x80;
    public const byte Largest = 0xC0;
    public const byte Infinity = 0x40;
    public const byte Mask = 0xC0;

    /// <summary>Writes the compressed identity: 0x40 followed by zeros.</summary>
    public static void WriteInfinity(Span<byte> destination)
    {
        destination.Clear();
        destination[0] = Infinity;
    }

    /// <summary>Sets the flag bits on an encoded x (whose top two bits are zero because x &lt; q).</summary>
    public static void SetYFlag(Span<byte> destination, bool yLargest) => destination[0] |= yLargest ? Largest : Smallest;

    /// <summary>
    /// Validates a compressed encoding's length and flags. Returns true for the identity (after checking every
    /// other bit is zero). Otherwise copies the x bytes with the flag bits cleared into <paramref name="xBytes"/>
    /// and reports which root y is. Throws <see cref="InvalidEncodingException"/> for a wrong length, the
    /// uncompressed marker 0b00, or stray bits in an identity encoding.
    /// </summary>
    public static bool ReadCompressed(ReadOnlySpan<byte> encoding, int expectedLength, string what, Span<byte> xBytes, out bool yLargest)
    {
        if (encoding.Length != expectedLength)
            throw new InvalidEncodingException($"A compressed {what} point is {expectedLength} bytes, got {encoding.Length}.");
        byte flags = (byte)(encoding[0] & Mask);
        if (flags == 0)
            throw new InvalidEncodingException($"Compressed {what} point has no compression flag (top bits 00 mark an uncompressed point).");
        if (flags == Infinity)
        {
            if ((encoding[0] & ~Mask) != 0 || encoding[1..].ContainsAnyExcept((byte)0))
                throw new InvalidEncodingException($"Compressed {what} identity must be 0x40 followed by zero bytes.");
            yLargest = false;
            return true;
        }
        yLargest = flags == Largest;
        encoding.CopyTo(xBytes);
        xBytes[0] &= unchecked((byte)~Mask);
        return false;
    }

    /// <summary>Whether an uncompressed encoding is the identity (all zero bytes).</summary>
    public static bool IsUncompressedInfinity(ReadOnlySpan<byte> encoding) => !encoding.ContainsAnyExcept((byte)0);
}
