using System.Runtime.CompilerServices;

namespace ZkmlGpu.Field;

/// <summary>
/// Point arithmetic in Jacobian coordinates (x = X/Z², y = Y/Z³) for short Weierstrass curves y² = x³ + b,
/// written once for any base field so G1 (over Fq) and G2 (over Fq2) share it. Formulas from the
/// Explicit-Formulas Database: dbl-2009-l, add-2007-bl, madd-2007-bl. The identity has Z = 0.
/// Outputs may alias inputs (e.g. <c>Double(x, y, z, out x, out y, out z)</c>).
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
        // Outputs may alias inputs, so every input is read before any output is written.
        TF nz = (y * z).Double();
        TF nx = f - d.Double();
        y3 = e * (d - nx) - c.Double().Double().Double();
        x3 = nx;
        z3 = nz;
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
        TF nz = ((z1 + z2).Square() - z1z1 - z2z2) * h;
        TF nx = rr.Square() - j - v.Double();
        y3 = rr * (v - nx) - (s1 * j).Double();
        x3 = nx;
        z3 = nz;
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
        TF nz = (z1 + h).Square() - z1z1 - hh;
        TF ny1j = (y1 * j).Double();
        TF nx = rr.Square() - j - v.Double();
        y3 = rr * (v - nx) - ny1j;
        x3 = nx;
        z3 = nz;
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

    /// <summary>Width of the signed window used by <see cref="Multiply"/>: a table of 2^(w−2) = 8 odd multiples.</summary>
    internal const int WnafWidth = 5;

    /// <summary>
    /// k·P for any 256-bit k (not reduced by the group order) by width-5 wNAF: about 256 doublings and 43
    /// additions. Variable time in k (prover values are not secret from the prover's own machine).
    /// G1 uses its faster GLV path; this is the generic fallback (e.g. for G2).
    /// </summary>
    public static void Multiply(in TF x, in TF y, in TF z, in U256 k, out TF x3, out TF y3, out TF z3)
    {
        Span<sbyte> digits = stackalloc sbyte[Wnaf.MaxDigits];
        int length = Wnaf.Encode(k, WnafWidth, digits);
        OddMultiples table = default;
        BuildOddMultiples(x, y, z, ref table);
        TF ax = TF.One, ay = TF.One, az = TF.Zero;
        for (int i = length - 1; i >= 0; i--)
        {
            Double(ax, ay, az, out ax, out ay, out az);
            AddDigit(ref ax, ref ay, ref az, ref table, digits[i]);
        }
        x3 = ax; y3 = ay; z3 = az;
    }

    /// <summary>Adds d·P for an odd wNAF digit d from the table of odd multiples (0 adds nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddDigit(ref TF ax, ref TF ay, ref TF az, ref OddMultiples table, int digit)
    {
        if (digit > 0)
        {
            ref JacobianPoint e = ref table[digit >> 1];
            Add(ax, ay, az, e.X, e.Y, e.Z, out ax, out ay, out az);
        }
        else if (digit < 0)
        {
            ref JacobianPoint e = ref table[(-digit) >> 1];
            Add(ax, ay, az, e.X, -e.Y, e.Z, out ax, out ay, out az);
        }
    }

    /// <summary>table[i] = (2i + 1)·P for i &lt; 8.</summary>
    internal static void BuildOddMultiples(in TF x, in TF y, in TF z, ref OddMultiples table)
    {
        table[0] = new JacobianPoint(x, y, z);
        Double(x, y, z, out TF dx, out TF dy, out TF dz);
        for (int i = 1; i < OddMultiples.Length; i++)
        {
            ref JacobianPoint prev = ref table[i - 1];
            Add(prev.X, prev.Y, prev.Z, dx, dy, dz, out TF nx, out TF ny, out TF nz);
            table[i] = new JacobianPoint(nx, ny, nz);
        }
    }

    internal struct JacobianPoint(TF x, TF y, TF z)
    {
        public TF X = x, Y = y, Z = z;
    }

    /// <summary>Eight points on the stack (no allocation per scalar multiplication).</summary>
    [InlineArray(Length)]
    internal struct OddMultiples
    {
        public const int Length = 8;
        private JacobianPoint _element;
    }
}
