using ZkmlGpu.Field;
using ZkmlGpu.Prover.Kzg;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>The SRS elements the verifier needs: G1's generator, and H, τ·H in G2 (with Miller-loop lines precomputed).</summary>
public sealed class KzgVerifierParams
{
    private readonly G2Prepared[] _prepared;

    private KzgVerifierParams(G1Affine g1, G2Affine g2, G2Affine tauG2)
    {
        if (g1.IsInfinity || g2.IsInfinity || tauG2.IsInfinity) throw new InvalidEncodingException("KZG verifier points must not be the identity.");
        G1 = g1;
        G2 = g2;
        TauG2 = tauG2;
        _prepared = [new G2Prepared(g2), new G2Prepared(tauG2)];
    }

    public G1Affine G1 { get; }
    public G2Affine G2 { get; }
    public G2Affine TauG2 { get; }

    public static KzgVerifierParams From(Srs srs) => new(srs.G1, srs.G2, srs.TauG2);

    /// <summary>e(left, H) = e(right, τH), as one two-pairing product e(left, H)·e(−right, τH) = 1.</summary>
    public bool PairingCheck(G1Affine left, G1Affine right) => Pairing.Check([left, -right], _prepared);

    internal void Write(ByteWriter w)
    {
        w.Point(G1);
        Span<byte> b = stackalloc byte[G2Affine.CompressedSize];
        G2.WriteCompressed(b); w.Bytes(b);
        TauG2.WriteCompressed(b); w.Bytes(b);
    }

    internal static KzgVerifierParams Read(ref ByteReader r)
    {
        var g1 = r.Point();
        var g2 = G2Affine.FromCompressed(r.Take(G2Affine.CompressedSize));
        var tauG2 = G2Affine.FromCompressed(r.Take(G2Affine.CompressedSize));
        return new KzgVerifierParams(g1, g2, tauG2);
    }
}
