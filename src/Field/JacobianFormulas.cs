namespace ZkmlGpu.Field;

/// <summary>
/// Point arithmetic in Jacobian coordinates (x = X/Z², y = Y/Z³) for short Weierstrass curves y² = x³ + b,
/// written once for any base field so G1 (over Fq) and G2 (over Fq2) share it. Formulas from the
/// Explicit-Formulas Database: dbl-2009-l, add-2007-bl, madd-2007-bl. The identity has Z = 0.
/// </summary>
public static class JacobianFormulas<TF> where TF : struct, IField<TF>
{
    public static void Double(in TF x, in TF y, in TF z, out TF x3, out TF y3, out TF z3)
    {
        if (z.IsZero) { x3 = x; y3 = y; z3 = z; return; }
        TF a = x.Square();
        TF b = y.Square();
        TF c = b.Square();
        TF d = ((x + b).Square() - a - c).Double();
        TF e = a.Double() + a;
        TF f = e.Square();
        x3 = f - d.Double();
        y3 = e * (d - x3) - c.Double().Double().Double();
        z3 = (y * z).Double();
    }

    public static void Add(in TF x1, in TF y1, in TF z1, in TF x2, in TF y2, in TF z2, out TF x3, out TF y3, out TF z3)
    {
        if (z1.IsZero) { x3 = x2; y3 = y2; z3 = z2; return; }
        if (z2.IsZero) { x3 = x1; y3 = y1; z3 = z1; return; }
        TF z1z1 = z1.Square(), z2z2 = z2.Square();
        TF u1 = x1 * z2z2, u2 = x2 * z1z1;
        TF s1 = y1 * z2 * z2z2, s2 = y2 * z1 * z1z1;
        TF h = u2 - u1;
        TF rr = (s2 - s1).Double();
        if (h.IsZero)
        {
            if (rr.IsZero) { Double(x1, y1, z1, out x3, out y3, out z3); return; }
            x3 = TF.One; y3 = TF.One; z3 = TF.Zero; return;
        }
        TF i = h.Double().Square();
        TF j = h * i;
        TF v = u1 * i;
        x3 = rr.Square() - j - v.Double();
        y3 = rr * (v - x3) - (s1 * j).Double();
        z3 = ((z1 + z2).Square() - z1z1 - z2z2) * h;
    }

    /// <summary>Adds an affine point (x2, y2), which must not be the identity.</summary>
    public static void AddMixed(in TF x1, in TF y1, in TF z1, in TF x2, in TF y2, out TF x3, out TF y3, out TF z3)
    {
        if (z1.IsZero) { x3 = x2; y3 = y2; z3 = TF.One; return; }
        TF z1z1 = z1.Square();
        TF u2 = x2 * z1z1;
        TF s2 = y2 * z1 * z1z1;
        TF h = u2 - x1;
        TF rr = (s2 - y1).Double();
        if (h.IsZero)
        {
            if (rr.IsZero) { Double(x1, y1, z1, out x3, out y3, out z3); return; }
            x3 = TF.One; y3 = TF.One; z3 = TF.Zero; return;
        }
        TF hh = h.Square();
        TF i = hh.Double().Double();
        TF j = h * i;
        TF v = x1 * i;
        x3 = rr.Square() - j - v.Double();
        y3 = rr * (v - x3) - (y1 * j).Double();
        z3 = (z1 + h).Square() - z1z1 - hh;
    }

    /// <summary>Converts to affine (x, y); returns false for the identity.</summary>
    public static bool ToAffine(in TF x, in TF y, in TF z, out TF ax, out TF ay)
    {
        if (z.IsZero) { ax = TF.Zero; ay = TF.Zero; return false; }
        TF zinv = z.Inverse();
        TF zinv2 = zinv.Square();
        ax = x * zinv2;
        ay = y * zinv2 * zinv;
        return true;
    }

    /// <summary>Projective equality without inversions: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³.</summary>
    public static bool Equal(in TF x1, in TF y1, in TF z1, in TF x2, in TF y2, in TF z2)
    {
        if (z1.IsZero || z2.IsZero) return z1.IsZero && z2.IsZero;
        TF z1z1 = z1.Square(), z2z2 = z2.Square();
        return x1 * z2z2 == x2 * z1z1 && y1 * z2 * z2z2 == y2 * z1 * z1z1;
    }
}
