using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>
/// What a KZG verifier needs from the SRS: the G1 generator, the G2 generator and τ·G2 (with their Miller-loop lines
/// precomputed), the SRS's <see cref="Digest"/>, and whether it is the insecure development SRS (τ known).
/// </summary>
public sealed class KzgVerifierKey
{
    /// <summary>Bytes of <see cref="WriteTo"/>: compressed G1, G2, τ·G2 and a flags byte (1 = insecure development SRS).</summary>
    public const int EncodedSize = G1Affine.CompressedSize + 2 * G2Affine.CompressedSize + 1;

    public KzgVerifierKey(G1Affine g1, G2Affine g2, G2Affine tauG2, bool isInsecureDevelopment = false)
    {
        if (g1.IsInfinity || !g1.IsOnCurve) throw new ArgumentException("G1 must be a non-identity curve point.", nameof(g1));
        if (g2.IsInfinity || !g2.IsInSubgroup) throw new ArgumentException("G2 must be a non-identity point of G2.", nameof(g2));
        if (tauG2.IsInfinity || !tauG2.IsInSubgroup) throw new ArgumentException("τ·G2 must be a non-identity point of G2.", nameof(tauG2));
        G1 = g1;
        G2 = g2;
        TauG2 = tauG2;
        IsInsecureDevelopment = isInsecureDevelopment;
        Digest = SrsDigest.Compute(g1, g2, tauG2);
        // The G2 side of every check is fixed: precompute its line coefficients once.
        G2Prepared = new G2Prepared(g2);
        TauG2Prepared = new G2Prepared(tauG2);
    }

    public G1Affine G1 { get; }
    public G2Affine G2 { get; }
    public G2Affine TauG2 { get; }
    /// <summary>Names the SRS (see <see cref="SrsDigest"/>).</summary>
    public SrsDigest Digest { get; }
    /// <summary>True for <see cref="Srs.CreateInsecureDevelopmentSrs"/>: anyone can forge proofs under it.</summary>
    public bool IsInsecureDevelopment { get; }
    internal G2Prepared G2Prepared { get; }
    internal G2Prepared TauG2Prepared { get; }

    /// <summary>e(left, G2) = e(right, τ·G2), as one two-pairing product e(left, G2)·e(−right, τ·G2) = 1.</summary>
    public bool PairingCheck(G1Affine left, G1Affine right) =>
        left.IsOnCurve && right.IsOnCurve && Pairing.Check([left, -right], [G2Prepared, TauG2Prepared]);

    /// <summary>Throws <see cref="ArgumentException"/> unless this key's SRS is <paramref name="required"/>.</summary>
    public void Require(SrsDigest required)
    {
        if (Digest != required)
            throw new ArgumentException($"The key was made with SRS {Digest.Hex}{(IsInsecureDevelopment ? " (insecure development SRS)" : "")}; this verifier requires SRS {required.Hex}.");
    }

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length != EncodedSize) throw new ArgumentException($"A KZG verifier key is {EncodedSize} bytes.", nameof(destination));
        G1.WriteCompressed(destination[..G1Affine.CompressedSize]);
        G2.WriteCompressed(destination.Slice(G1Affine.CompressedSize, G2Affine.CompressedSize));
        TauG2.WriteCompressed(destination.Slice(G1Affine.CompressedSize + G2Affine.CompressedSize, G2Affine.CompressedSize));
        destination[^1] = IsInsecureDevelopment ? (byte)1 : (byte)0;
    }

    /// <summary>Decodes <see cref="WriteTo"/>'s bytes; anything else throws <see cref="InvalidEncodingException"/>.</summary>
    public static KzgVerifierKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != EncodedSize) throw new InvalidEncodingException($"A KZG verifier key is {EncodedSize} bytes, got {bytes.Length}.");
        var g1 = G1Affine.FromCompressed(bytes[..G1Affine.CompressedSize]);
        var g2 = G2Affine.FromCompressed(bytes.Slice(G1Affine.CompressedSize, G2Affine.CompressedSize));
        var tauG2 = G2Affine.FromCompressed(bytes.Slice(G1Affine.CompressedSize + G2Affine.CompressedSize, G2Affine.CompressedSize));
        if (bytes[^1] > 1) throw new InvalidEncodingException($"KZG verifier key: unknown flags {bytes[^1]}.");
        if (g1.IsInfinity || g2.IsInfinity || tauG2.IsInfinity) throw new InvalidEncodingException("KZG verifier points must not be the identity.");
        return new KzgVerifierKey(g1, g2, tauG2, bytes[^1] == 1);
    }
}
