namespace ZkmlGpu.Field;

public readonly partial struct G2Jacobian
{
    private const int Window = 4;

    /// <summary>[k]P for any 256-bit unsigned k (not reduced mod r, so [r]P can be tested), fixed 4-bit window.</summary>
    public G2Jacobian MultiplyUnsigned(in U256 k)
    {
        if (k.IsZero || IsInfinity) return Infinity;
        Span<G2Jacobian> table = stackalloc G2Jacobian[1 << Window];
        table[0] = Infinity;
        table[1] = this;
        for (int i = 2; i < table.Length; i++) table[i] = (i & 1) == 0 ? table[i >> 1].Double() : table[i - 1] + this;
        G2Jacobian acc = Infinity;
        int windows = (k.BitLength + Window - 1) / Window;
        for (int wi = windows - 1; wi >= 0; wi--)
        {
            for (int d = 0; d < Window; d++) acc = acc.Double();
            int digit = 0;
            for (int b = Window - 1; b >= 0; b--) digit = (digit << 1) | (k.Bit(wi * Window + b) ? 1 : 0);
            if (digit != 0) acc += table[digit];
        }
        return acc;
    }

    public static G2Jacobian operator *(G2Jacobian p, Fr k) => p.MultiplyUnsigned(k.ToCanonical());
    public static G2Jacobian operator *(Fr k, G2Jacobian p) => p.MultiplyUnsigned(k.ToCanonical());

    /// <summary>Converts many points with one field inversion (Montgomery's trick); the identity maps to the identity.</summary>
    public static void BatchToAffine(ReadOnlySpan<G2Jacobian> points, Span<G2Affine> result)
    {
        if (points.Length != result.Length) throw new ArgumentException("Input and output lengths differ.", nameof(result));
        if (points.IsEmpty) return;
        var prefix = new Fq2[points.Length];
        Fq2 acc = Fq2.One;
        for (int i = 0; i < points.Length; i++)
        {
            prefix[i] = acc;
            if (!points[i].IsInfinity) acc *= points[i].Z;
        }
        Fq2 inv = acc.Inverse();
        for (int i = points.Length - 1; i >= 0; i--)
        {
            var p = points[i];
            if (p.IsInfinity) { result[i] = G2Affine.Infinity; continue; }
            Fq2 zInv = inv * prefix[i];
            inv *= p.Z;
            Fq2 zInv2 = zInv.Square();
            result[i] = new G2Affine(p.X * zInv2, p.Y * zInv2 * zInv);
        }
    }
}

public readonly partial struct G2Affine
{
    public static G2Jacobian operator *(G2Affine p, Fr k) => p.ToJacobian() * k;
    public static G2Jacobian operator *(Fr k, G2Affine p) => p.ToJacobian() * k;
}
