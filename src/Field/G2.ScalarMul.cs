namespace ZkmlGpu.Field;

public readonly partial struct G2Jacobian
{
    /// <summary>[k]P for any 256-bit unsigned k (not reduced mod r, so [r]P can be tested), by width-5 wNAF.</summary>
    public G2Jacobian MultiplyUnsigned(in U256 k)
    {
        JacobianFormulas<Fq2>.Multiply(X, Y, Z, k, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public static G2Jacobian operator *(G2Jacobian p, Fr k) => p.MultiplyUnsigned(k.ToCanonical());
    public static G2Jacobian operator *(Fr k, G2Jacobian p) => p.MultiplyUnsigned(k.ToCanonical());

    /// <summary>Converts many points with one field inversion (Montgomery's trick); the identity maps to the identity.</summary>
    public static void BatchToAffine(ReadOnlySpan<G2Jacobian> points, Span<G2Affine> result)
    {
        if (points.Length != result.Length) throw new ArgumentException("Input and output lengths differ.", nameof(result));
        if (points.IsEmpty) return;
        var zInv = new Fq2[points.Length];
        for (int i = 0; i < points.Length; i++) zInv[i] = points[i].Z;
        FieldBatch.Invert<Fq2>(zInv); // zeros (identities) stay zero
        for (int i = 0; i < points.Length; i++)
        {
            var p = points[i];
            if (p.IsInfinity) { result[i] = G2Affine.Infinity; continue; }
            Fq2 zInv2 = zInv[i].Square();
            result[i] = new G2Affine(p.X * zInv2, p.Y * zInv2 * zInv[i]);
        }
    }
}

public readonly partial struct G2Affine
{
    public static G2Jacobian operator *(G2Affine p, Fr k) => p.ToJacobian() * k;
    public static G2Jacobian operator *(Fr k, G2Affine p) => p.ToJacobian() * k;
}
