using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>Parallel batch normalisation for the SRS builders.</summary>
internal static class G1Helpers
{
    /// <summary><see cref="G1Jacobian.BatchToAffine"/> over parallel chunks (one inversion each).</summary>
    public static G1Affine[] BatchToAffineParallel(G1Jacobian[] points)
    {
        var result = new G1Affine[points.Length];
        const int chunk = 1024;
        int chunks = (points.Length + chunk - 1) / chunk;
        Parallel.For(0, chunks, c =>
        {
            int start = c * chunk, length = Math.Min(chunk, points.Length - start);
            G1Jacobian.BatchToAffine(points.AsSpan(start, length), result.AsSpan(start, length));
        });
        return result;
    }
}

/// <summary>
/// Fixed-base multiplication by a precomputed table of j·2^(8w)·P (j &lt; 256, w &lt; 32): each product costs
/// 32 mixed additions instead of ~380 doublings and additions. Used to build SRS powers.
/// </summary>
internal sealed class G1FixedBaseTable
{
    private const int WindowBits = 8, Windows = 32, Entries = 1 << WindowBits;
    private readonly G1Affine[] _table; // [window * Entries + digit]; digit 0 unused (identity)

    public G1FixedBaseTable(G1Affine basePoint)
    {
        var jac = new G1Jacobian[Windows * Entries];
        var windowBase = basePoint.ToJacobian();
        for (int w = 0; w < Windows; w++)
        {
            jac[w * Entries] = G1Jacobian.Infinity;
            var acc = G1Jacobian.Infinity;
            for (int j = 1; j < Entries; j++)
            {
                acc += windowBase;
                jac[w * Entries + j] = acc;
            }
            windowBase = acc + windowBase; // 256·windowBase
        }
        _table = G1Helpers.BatchToAffineParallel(jac);
    }

    public G1Jacobian Multiply(Fr k)
    {
        U256 e = k.ToCanonical();
        var acc = G1Jacobian.Infinity;
        for (int w = 0; w < Windows; w++)
        {
            int limb = w >> 3, shift = (w & 7) * 8;
            ulong word = limb switch { 0 => e.U0, 1 => e.U1, 2 => e.U2, _ => e.U3 };
            int digit = (int)((word >> shift) & 0xFF);
            if (digit != 0) acc += _table[w * Entries + digit];
        }
        return acc;
    }
}
