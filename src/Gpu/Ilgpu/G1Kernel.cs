using System.Runtime.CompilerServices;

namespace ZkmlGpu.Gpu.Ilgpu;

/// <summary>
/// G1 point arithmetic inside kernels: the same Jacobian formulas as <see cref="ZkmlGpu.Field.JacobianFormulas{TF}"/>
/// (dbl-2009-l, add-2007-bl, madd-2007-bl) over the kernel Fq arithmetic.
/// </summary>
internal static class G1K
{
    public static G1JacK Infinity
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new() { X = OneQ, Y = OneQ, Z = default };
    }

    /// <summary>Montgomery one of Fq (R mod q).</summary>
    public static U32x8 OneQ
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(
            unchecked((uint)Field.Bn254Constants.FqR0), (uint)(Field.Bn254Constants.FqR0 >> 32),
            unchecked((uint)Field.Bn254Constants.FqR1), (uint)(Field.Bn254Constants.FqR1 >> 32),
            unchecked((uint)Field.Bn254Constants.FqR2), (uint)(Field.Bn254Constants.FqR2 >> 32),
            unchecked((uint)Field.Bn254Constants.FqR3), (uint)(Field.Bn254Constants.FqR3 >> 32));
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // one copy per kernel: inlining every field product bloats compile time and code
    public static G1JacK Double(in G1JacK p)
    {
        if (p.Z.IsZero) return p;
        U32x8 a = FqK.Square(p.X);
        U32x8 b = FqK.Square(p.Y);
        U32x8 c = FqK.Square(b);
        U32x8 d = FqK.Double(FqK.Sub(FqK.Sub(FqK.Square(FqK.Add(p.X, b)), a), c));
        U32x8 e = FqK.Add(FqK.Double(a), a);
        U32x8 f = FqK.Square(e);
        G1JacK r;
        r.X = FqK.Sub(f, FqK.Double(d));
        r.Y = FqK.Sub(FqK.Mul(e, FqK.Sub(d, r.X)), FqK.Double(FqK.Double(FqK.Double(c))));
        r.Z = FqK.Double(FqK.Mul(p.Y, p.Z));
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // one copy per kernel: inlining every field product bloats compile time and code
    public static G1JacK Add(in G1JacK p, in G1JacK q)
    {
        if (p.Z.IsZero) return q;
        if (q.Z.IsZero) return p;
        U32x8 z1z1 = FqK.Square(p.Z), z2z2 = FqK.Square(q.Z);
        U32x8 u1 = FqK.Mul(p.X, z2z2), u2 = FqK.Mul(q.X, z1z1);
        U32x8 s1 = FqK.Mul(FqK.Mul(p.Y, q.Z), z2z2), s2 = FqK.Mul(FqK.Mul(q.Y, p.Z), z1z1);
        U32x8 h = FqK.Sub(u2, u1);
        U32x8 rr = FqK.Double(FqK.Sub(s2, s1));
        if (h.IsZero)
        {
            if (rr.IsZero) return Double(p);
            return Infinity;
        }
        U32x8 i = FqK.Square(FqK.Double(h));
        U32x8 j = FqK.Mul(h, i);
        U32x8 v = FqK.Mul(u1, i);
        G1JacK r;
        r.X = FqK.Sub(FqK.Sub(FqK.Square(rr), j), FqK.Double(v));
        r.Y = FqK.Sub(FqK.Mul(rr, FqK.Sub(v, r.X)), FqK.Double(FqK.Mul(s1, j)));
        r.Z = FqK.Mul(FqK.Sub(FqK.Sub(FqK.Square(FqK.Add(p.Z, q.Z)), z1z1), z2z2), h);
        return r;
    }

    /// <summary>p + (x2, y2) for an affine point that is not the identity.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // one copy per kernel: inlining every field product bloats compile time and code
    public static G1JacK AddMixed(in G1JacK p, in U32x8 x2, in U32x8 y2)
    {
        if (p.Z.IsZero) return new G1JacK { X = x2, Y = y2, Z = OneQ };
        U32x8 z1z1 = FqK.Square(p.Z);
        U32x8 u2 = FqK.Mul(x2, z1z1);
        U32x8 s2 = FqK.Mul(FqK.Mul(y2, p.Z), z1z1);
        U32x8 h = FqK.Sub(u2, p.X);
        U32x8 rr = FqK.Double(FqK.Sub(s2, p.Y));
        if (h.IsZero)
        {
            if (rr.IsZero) return Double(p);
            return Infinity;
        }
        U32x8 hh = FqK.Square(h);
        U32x8 i = FqK.Double(FqK.Double(hh));
        U32x8 j = FqK.Mul(h, i);
        U32x8 v = FqK.Mul(p.X, i);
        G1JacK r;
        r.X = FqK.Sub(FqK.Sub(FqK.Square(rr), j), FqK.Double(v));
        r.Y = FqK.Sub(FqK.Mul(rr, FqK.Sub(v, r.X)), FqK.Double(FqK.Mul(p.Y, j)));
        r.Z = FqK.Sub(FqK.Sub(FqK.Square(FqK.Add(p.Z, h)), z1z1), hh);
        return r;
    }
}
