using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>G1 operations the KZG code needs beyond the point type: scalar multiplication, batch normalisation.</summary>
internal static class G1Helpers
{
    /// <summary>k·p by double-and-add over the canonical bits of k (verifier-side, a handful per check).</summary>
    public static G1Jacobian Multiply(G1Jacobian p, Fr k)
    {
        U256 e = k.ToCanonical();
        var acc = G1Jacobian.Infinity;
        for (int bit = e.BitLength - 1; bit >= 0; bit--)
        {
            acc = acc.Double();
            if (GetBit(e, bit)) acc += p;
        }
        return acc;
    }

    public static G1Jacobian Multiply(G1Affine p, Fr k) => Multiply(p.ToJacobian(), k);

    internal static bool GetBit(in U256 e, int bit) => ((bit switch { < 64 => e.U0, < 128 => e.U1, < 192 => e.U2, _ => e.U3 } >> (bit & 63)) & 1) != 0;

    /// <summary>Converts to affine with one field inversion per call (Montgomery's trick); identities stay identities.</summary>
    public static void BatchToAffine(ReadOnlySpan<G1Jacobian> points, Span<G1Affine> result)
    {
        if (result.Length != points.Length) throw new ArgumentException("Output length must match the input length.", nameof(result));
        // prefix[i] = Π Z_j over non-identity j < i … then walk back with the inverse of the full product.
        var prefix = new Fq[points.Length];
        Fq acc = Fq.One;
        for (int i = 0; i < points.Length; i++)
        {
            prefix[i] = acc;
            if (!points[i].IsInfinity) acc *= points[i].Z;
        }
        Fq inv = acc.Inverse();
        for (int i = points.Length - 1; i >= 0; i--)
        {
            var p = points[i];
            if (p.IsInfinity) { result[i] = G1Affine.Infinity; continue; }
            Fq zinv = inv * prefix[i];
            inv *= p.Z;
            Fq zinv2 = zinv.Square();
            result[i] = new G1Affine(p.X * zinv2, p.Y * zinv2 * zinv);
        }
    }

    /// <summary>Parallel <see cref="BatchToAffine(ReadOnlySpan{G1Jacobian}, Span{G1Affine})"/> over chunks (one inversion each).</summary>
    public static G1Affine[] BatchToAffineParallel(G1Jacobian[] points)
    {
        var result = new G1Affine[points.Length];
        const int chunk = 1024;
        int chunks = (points.Length + chunk - 1) / chunk;
        Parallel.For(0, chunks, c =>
        {
            int start = c * chunk, length = Math.Min(chunk, points.Length - start);
            BatchToAffine(points.AsSpan(start, length), result.AsSpan(start, length));
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
