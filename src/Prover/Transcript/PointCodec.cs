using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Transcript;

/// <summary>
/// G1 points as 64 bytes: x ‖ y, big-endian canonical coordinates; the identity is 64 zero bytes ((0, 0) is
/// not on the curve, so it is unambiguous). Decoding checks canonical coordinates and the curve equation
/// (G1 has cofactor 1, so that is also the subgroup check).
/// </summary>
public static class PointCodec
{
    public const int UncompressedSize = 64;

    public static void WriteUncompressed(G1Affine point, Span<byte> destination)
    {
        if (destination.Length < UncompressedSize) throw new ArgumentException("A G1 point needs 64 bytes.");
        if (point.IsInfinity) { destination[..UncompressedSize].Clear(); return; }
        point.X.WriteBytesBigEndian(destination[..32]);
        point.Y.WriteBytesBigEndian(destination.Slice(32, 32));
    }

    public static G1Affine ReadUncompressed(ReadOnlySpan<byte> source)
    {
        if (source.Length != UncompressedSize) throw new InvalidEncodingException($"A G1 point is {UncompressedSize} bytes, got {source.Length}.");
        if (!source.ContainsAnyExcept((byte)0)) return G1Affine.Infinity;
        var x = Fq.FromBytesBigEndian(source[..32]);
        var y = Fq.FromBytesBigEndian(source[32..]);
        return G1Affine.Create(x, y);
    }
}
