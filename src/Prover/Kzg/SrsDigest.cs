using System.Security.Cryptography;
using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>
/// Names an SRS: SHA-256 of a domain tag and the uncompressed G1, G2 and τ·G2. Those three fix τ (the G1 powers
/// are checked against τ·G2), so two keys with the same digest were made with the same SRS, whatever its size.
/// </summary>
public readonly struct SrsDigest : IEquatable<SrsDigest>
{
    public const int Size = 32;
    private readonly byte[]? _bytes;

    private SrsDigest(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes ?? new byte[Size];
    public string Hex => Convert.ToHexStringLower(Bytes);

    public static SrsDigest Compute(G1Affine g1, G2Affine g2, G2Affine tauG2)
    {
        var data = new byte[DomainTag.Length + G1Affine.UncompressedSize + 2 * G2Affine.UncompressedSize];
        DomainTag.CopyTo(data);
        int o = DomainTag.Length;
        g1.WriteUncompressed(data.AsSpan(o, G1Affine.UncompressedSize));
        g2.WriteUncompressed(data.AsSpan(o + G1Affine.UncompressedSize, G2Affine.UncompressedSize));
        tauG2.WriteUncompressed(data.AsSpan(o + G1Affine.UncompressedSize + G2Affine.UncompressedSize));
        return new SrsDigest(SHA256.HashData(data));
    }

    /// <summary>Parses the 64-character hex form (<see cref="Hex"/>); throws <see cref="InvalidEncodingException"/> otherwise.</summary>
    public static SrsDigest Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != 2 * Size) throw new InvalidEncodingException($"An SRS digest is {2 * Size} hex characters, got {hex.Length}.");
        try { return new SrsDigest(Convert.FromHexString(hex)); }
        catch (FormatException e) { throw new InvalidEncodingException("An SRS digest must be hexadecimal.", e); }
    }

    private static ReadOnlySpan<byte> DomainTag => "ZkmlGpu SRS digest v1\0"u8;

    public bool Equals(SrsDigest other) => Bytes.SequenceEqual(other.Bytes);
    public override bool Equals(object? obj) => obj is SrsDigest d && Equals(d);
    public override int GetHashCode() => BitConverter.ToInt32(Bytes);
    public static bool operator ==(SrsDigest a, SrsDigest b) => a.Equals(b);
    public static bool operator !=(SrsDigest a, SrsDigest b) => !a.Equals(b);
    public override string ToString() => Hex;
}
