namespace ZkmlGpu.Field;

/// <summary>
/// A G2 point with the line coefficients of its Miller loop precomputed, so pairings against a fixed G2 point
/// (a verifying key) only evaluate lines at the G1 point. Build once with <see cref="G2Prepared(G2Affine)"/>.
/// </summary>
public sealed class G2Prepared
{
    /// <summary>
    /// A line c0·y_P + c1·x_P·w + c2·w³ through points of the twist. Lines matter only up to a factor in Fq2,
    /// which the final exponentiation removes, so normalised lines have c0 = 1.
    /// </summary>
    internal readonly struct LineCoefficients(Fq2 c0, Fq2 c1, Fq2 c2)
    {
        public readonly Fq2 C0 = c0, C1 = c1, C2 = c2;
    }

    internal readonly LineCoefficients[] Lines;
    /// <summary>Whether every line has c0 = 1 (cheaper Miller loop; costs one batched inversion to prepare).</summary>
    internal readonly bool IsNormalised;
    public G2Affine Point { get; }
    public bool IsInfinity => Point.IsInfinity;

    /// <summary>
    /// Precomputes the lines for <paramref name="q"/>; throws <see cref="ArgumentException"/> unless q is in G2
    /// (a one-time check, since prepared points are meant to be reused).
    /// </summary>
    public G2Prepared(G2Affine q) : this(CheckSubgroup(q), normalise: true) { }

    private static G2Affine CheckSubgroup(G2Affine q) =>
        q.IsInSubgroup ? q : throw new ArgumentException("The G2 point is not on the twist or not in the order-r subgroup.", nameof(q));

    /// <summary>
    /// Normalising the lines pays off when the point is paired more than once; a one-off pairing skips it.
    /// </summary>
    internal G2Prepared(G2Affine q, bool normalise)
    {
        Point = q;
        if (q.IsInfinity) { Lines = []; IsNormalised = normalise; return; }
        if (!q.IsOnCurve) throw new ArgumentException("The G2 point is not on the twist.", nameof(q));
        var lines = new LineCoefficients[PairingConstants.LineCount];
        int n = 0;
        // T in homogeneous projective coordinates (x = X/Z, y = Y/Z) on the twist.
        Fq2 x = q.X, y = q.Y, z = Fq2.One;
        G2Affine minusQ = -q;
        ReadOnlySpan<sbyte> naf = PairingConstants.LoopNaf;
        for (int i = naf.Length - 2; i >= 0; i--)
        {
            lines[n++] = DoublingStep(ref x, ref y, ref z);
            if (naf[i] == 1) lines[n++] = AdditionStep(ref x, ref y, ref z, q);
            else if (naf[i] == -1) lines[n++] = AdditionStep(ref x, ref y, ref z, minusQ);
        }
        // Optimal ate: two more lines through ψ(Q) and −ψ²(Q).
        G2Affine q1 = q.Psi();
        G2Affine q2 = q1.Psi();
        lines[n++] = AdditionStep(ref x, ref y, ref z, q1);
        lines[n++] = AdditionStep(ref x, ref y, ref z, -q2);
        if (n != lines.Length) throw new InvalidOperationException("Line count mismatch.");
        Lines = lines;
        IsNormalised = normalise;
        if (!normalise) return;
        // Normalise every line to c0 = 1 (one batched inversion) so the Miller loop multiplies by 1 + b·w + c·w³.
        // c0 is 2YZ (doubling) or X − x_Q·Z (addition), non-zero for points of G2.
        var c0Inverse = new Fq2[n];
        for (int i = 0; i < n; i++)
        {
            c0Inverse[i] = lines[i].C0;
            if (c0Inverse[i].IsZero) throw new ArgumentException("The G2 point is not in the order-r subgroup.", nameof(q));
        }
        FieldBatch.Invert<Fq2>(c0Inverse);
        for (int i = 0; i < n; i++) lines[i] = new LineCoefficients(Fq2.One, lines[i].C1 * c0Inverse[i], lines[i].C2 * c0Inverse[i]);
    }

    private static readonly Fq2 ThreeB = G2Affine.B.Double() + G2Affine.B;

    /// <summary>
    /// T ← 2T and the tangent line at T: 2YZ·y_P − 3X²·x_P·w + (Y² − 3b'Z²)·w³ (the line scaled by 2YZ²/Z).
    /// The point formula is Costello–Lange–Naehrig's with the result scaled by 4 to avoid halvings:
    /// X' = 2XY(B − F), Y' = (B + F)² − 12E², Z' = 4BH with B = Y², E = 3b'Z², F = 3E, H = 2YZ.
    /// </summary>
    private static LineCoefficients DoublingStep(ref Fq2 x, ref Fq2 y, ref Fq2 z)
    {
        Fq2 b = y.Square();
        Fq2 c = z.Square();
        Fq2 e = ThreeB * c;
        Fq2 f = e.Double() + e;
        Fq2 h = (y + z).Square() - (b + c); // 2YZ
        Fq2 j = x.Square();
        Fq2 e2 = e.Square();
        Fq2 e2x3 = e2.Double() + e2;
        Fq2 newX = (x * y).Double() * (b - f);
        y = (b + f).Square() - e2x3.Double().Double();
        z = (b * h).Double().Double();
        x = newX;
        return new LineCoefficients(h, -(j.Double() + j), b - e);
    }

    /// <summary>
    /// T ← T + Q (Q affine) and the line through them: λ·y_P − θ·x_P·w + (θ·x_Q − λ·y_Q)·w³, with
    /// θ = Y − y_Q·Z, λ = X − x_Q·Z.
    /// </summary>
    private static LineCoefficients AdditionStep(ref Fq2 x, ref Fq2 y, ref Fq2 z, in G2Affine q)
    {
        Fq2 theta = y - q.Y * z;
        Fq2 lambda = x - q.X * z;
        Fq2 c = theta.Square();
        Fq2 d = lambda.Square();
        Fq2 e = lambda * d;
        Fq2 f = z * c;
        Fq2 g = x * d;
        Fq2 h = e + f - g.Double();
        Fq2 newX = lambda * h;
        Fq2 newY = theta * (g - h) - y * e;
        z *= e;
        x = newX;
        y = newY;
        return new LineCoefficients(lambda, -theta, theta * q.X - lambda * q.Y);
    }
}

internal static class PairingConstants
{
    /// <summary>6x + 2 for the BN parameter x, the optimal ate loop length.</summary>
    public static readonly System.Numerics.BigInteger LoopCount = 6 * (System.Numerics.BigInteger)G2Scalars.X + 2;

    /// <summary>Non-adjacent form of 6x + 2, least significant digit first.</summary>
    public static readonly sbyte[] LoopNaf = Wnaf(LoopCount, 2);

    /// <summary>Width-4 non-adjacent form of x (odd digits in ±{1, 3, 5, 7}), least significant digit first.</summary>
    public static readonly sbyte[] XWnaf4 = Wnaf(G2Scalars.X, 4);

    /// <summary>Lines per prepared point: one per doubling, one per non-zero NAF digit below the top, two Frobenius lines.</summary>
    public static readonly int LineCount = LoopNaf.Length - 1 + LoopNaf[..^1].Count(d => d != 0) + 2;

    /// <summary>Width-w NAF digits of k (see <see cref="Wnaf"/>), least significant first.</summary>
    private static sbyte[] Wnaf(System.Numerics.BigInteger k, int w)
    {
        Span<sbyte> digits = stackalloc sbyte[Field.Wnaf.MaxDigits];
        int length = Field.Wnaf.Encode(U256.FromBigInteger(k), w, digits);
        return digits[..length].ToArray();
    }
}
