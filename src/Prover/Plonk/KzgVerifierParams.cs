using ZkmlGpu.Field;
using ZkmlGpu.Prover.Kzg;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>The SRS elements the verifier needs: G1's generator, and H, τ·H in G2 for the final pairing.</summary>
public sealed class KzgVerifierParams
{
    private KzgVerifierParams(G1Affine g1) { G1 = g1; }

    public G1Affine G1 { get; }

    public static KzgVerifierParams From(Srs srs) => new(srs.G1);

    /// <summary>e(left, H) = e(right, τH).</summary>
    public bool PairingCheck(G1Affine left, G1Affine right) =>
        throw new NotSupportedException("The pairing is not available in this build yet.");

    internal void Write(ByteWriter w) => w.Point(G1);

    internal static KzgVerifierParams Read(ref ByteReader r) => new(r.Point());
}
