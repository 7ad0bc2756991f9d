namespace ZkmlGpu.Field;

/// <summary>
/// The optimal ate pairing e: G1 × G2 → GT ⊂ Fq12* of BN254 (EIP-197 compatible): a Miller loop over 6x + 2
/// in NAF with the two Frobenius lines, then the final exponentiation to the power m·(q¹² − 1)/r with the fixed
/// m = 2x(6x² + 3x + 1) the reference implementations use (see <see cref="HardPart"/>), so GT values match theirs.
/// Inputs are checked to be on their curves; G2 inputs must also be in the order-r subgroup, which checked
/// decoding (<see cref="G2Affine.Create"/>, the G2 encodings) and <see cref="G2Prepared"/> guarantee (the
/// unprepared entry points do not repeat that check, which costs about half a pairing).
/// </summary>
public static class Pairing
{
    /// <summary>e(P, Q); e(O, Q) = e(P, O) = 1.</summary>
    public static Fq12 Pair(G1Affine p, G2Affine q) => FinalExponentiation(MillerLoop(p, new G2Prepared(q, normalise: false)));

    public static Fq12 Pair(G1Affine p, G2Prepared q) => FinalExponentiation(MillerLoop(p, q));

    /// <summary>∏ e(P_i, Q_i), sharing one Miller loop accumulator and one final exponentiation.</summary>
    public static Fq12 MultiPair(ReadOnlySpan<G1Affine> p, ReadOnlySpan<G2Affine> q)
    {
        if (p.Length != q.Length) throw new ArgumentException("The G1 and G2 lists differ in length.", nameof(q));
        var prepared = new G2Prepared[q.Length];
        if (q.Length >= ParallelPairs && Environment.ProcessorCount > 1)
        {
            G2Affine[] points = q.ToArray();
            Parallel.For(0, points.Length, i => prepared[i] = new G2Prepared(points[i], normalise: false));
        }
        else
        {
            for (int i = 0; i < q.Length; i++) prepared[i] = new G2Prepared(q[i], normalise: false);
        }
        return FinalExponentiation(MillerLoop(p, prepared));
    }

    public static Fq12 MultiPair(ReadOnlySpan<G1Affine> p, ReadOnlySpan<G2Prepared> q) => FinalExponentiation(MillerLoop(p, q));

    /// <summary>Whether ∏ e(P_i, Q_i) = 1 (the EIP-197 precompile; true for empty input).</summary>
    public static bool Check(ReadOnlySpan<G1Affine> p, ReadOnlySpan<G2Affine> q) => MultiPair(p, q).IsOne;

    public static bool Check(ReadOnlySpan<G1Affine> p, ReadOnlySpan<G2Prepared> q) => MultiPair(p, q).IsOne;

    public static Fq12 MillerLoop(G1Affine p, G2Prepared q) => MillerLoop([p], [q]);

    /// <summary>Below this many non-trivial pairs the Miller loops run on one thread.</summary>
    private const int ParallelPairs = 4;

    /// <summary>
    /// The product of the Miller loops f_{6x+2,Q_i}(P_i)·(Frobenius lines), before the final exponentiation.
    /// Many pairs are split over threads (each chunk shares its squarings; the chunk results are multiplied).
    /// </summary>
    public static Fq12 MillerLoop(ReadOnlySpan<G1Affine> p, ReadOnlySpan<G2Prepared> q)
    {
        if (p.Length != q.Length) throw new ArgumentException("The G1 and G2 lists differ in length.", nameof(q));
        // Pairs with an identity contribute 1; drop them.
        int count = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (q[i] is null) throw new ArgumentNullException(nameof(q));
            if (!p[i].IsOnCurve) throw new ArgumentException("A G1 point is not on the curve.", nameof(p));
            if (!p[i].IsInfinity && !q[i].IsInfinity) count++;
        }
        if (count == 0) return Fq12.One;
        var inputs = new PairInput[count];
        for (int i = 0, k = 0; i < p.Length; i++)
            if (!p[i].IsInfinity && !q[i].IsInfinity) inputs[k++] = new PairInput(p[i], q[i]);

        int chunks = Math.Min(Environment.ProcessorCount, count / (ParallelPairs / 2));
        if (count < ParallelPairs || chunks < 2) return MillerLoop(inputs);
        var partial = new Fq12[chunks];
        Parallel.For(0, chunks, c =>
        {
            int start = count * c / chunks, end = count * (c + 1) / chunks;
            partial[c] = MillerLoop(inputs.AsSpan(start, end - start));
        });
        Fq12 f = partial[0];
        for (int c = 1; c < chunks; c++) f *= partial[c];
        return f;
    }

    /// <summary>
    /// One pair of the Miller loop. Normalised lines y_P + c₁·x_P·w + c₂·w³ are divided by y_P ∈ Fq, leaving
    /// 1 + c₁·(x_P/y_P)·w + (c₂/y_P)·w³, so x/y and 1/y are precomputed; otherwise x and y are used as they are.
    /// </summary>
    private readonly struct PairInput
    {
        public readonly Fq X, Y;
        public readonly bool Normalised;
        public readonly G2Prepared.LineCoefficients[] Lines;

        public PairInput(G1Affine p, G2Prepared q)
        {
            Lines = q.Lines;
            Normalised = q.IsNormalised;
            if (Normalised)
            {
                Y = p.Y.Inverse();
                X = p.X * Y;
            }
            else
            {
                X = p.X;
                Y = p.Y;
            }
        }
    }

    private static Fq12 MillerLoop(ReadOnlySpan<PairInput> pairs)
    {
        Fq12 f = Fq12.One;
        int line = 0;
        ReadOnlySpan<sbyte> naf = PairingConstants.LoopNaf;
        for (int bit = naf.Length - 2; bit >= 0; bit--)
        {
            if (bit != naf.Length - 2) f = f.Square();
            foreach (ref readonly PairInput pair in pairs) f = MulByLine(f, pair.Lines[line], pair);
            line++;
            if (naf[bit] != 0)
            {
                foreach (ref readonly PairInput pair in pairs) f = MulByLine(f, pair.Lines[line], pair);
                line++;
            }
        }
        for (int extra = 0; extra < 2; extra++, line++)
            foreach (ref readonly PairInput pair in pairs) f = MulByLine(f, pair.Lines[line], pair);
        return f;
    }

    private static Fq12 MulByLine(in Fq12 f, in G2Prepared.LineCoefficients l, in PairInput p) =>
        p.Normalised ? f.MulByLine(l.C1 * p.X, l.C2 * p.Y) : f.MulBy013(l.C0 * p.Y, l.C1 * p.X, l.C2);

    /// <summary>f^(m·(q¹² − 1)/r): the easy part (q⁶ − 1)(q² + 1), then the hard part m·(q⁴ − q² + 1)/r.</summary>
    public static Fq12 FinalExponentiation(Fq12 f)
    {
        if (f.IsZero) throw new ArgumentException("The Miller loop value is never zero.", nameof(f));
        // Easy part: f^(q⁶ − 1) = conj(f)/f, then ·^(q² + 1). The result is in the cyclotomic subgroup.
        Fq12 t = f.Conjugate() * f.Inverse();
        t = t.Frobenius(2) * t;
        return HardPart(t);
    }

    /// <summary>
    /// The hard part, raised to m·(q⁴ − q² + 1)/r with m = 2x(6x² + 3x + 1) (coprime to r), as mcl, arkworks,
    /// gnark-crypto, noble-curves and ffjavascript do: their GT values are this fixed power of the "plain" pairing,
    /// and values (not only checks) must agree across tools. With that m the exponent is λ₀ + λ₁q + λ₂q² + λ₃q³,
    /// λ₀ = 12x³ + 12x² + 6x + 1, λ₁ = 12x³ + 6x² + 4x, λ₂ = 12x³ + 6x² + 6x, λ₃ = 12x³ + 6x² + 4x − 1
    /// (Fuentes-Castañeda, Knapp, Rodríguez-Henríquez, SAC 2011): three exponentiations by x, three cyclotomic
    /// squarings, Frobenius maps and 10 multiplications. Inverses are conjugates here.
    /// </summary>
    internal static Fq12 HardPart(in Fq12 f)
    {
        Fq12 f2x = ExpByX(f).CyclotomicSquare();
        Fq12 f6x = f2x.CyclotomicSquare() * f2x;
        Fq12 f6x2 = ExpByX(f6x);
        Fq12 f12x3 = ExpByX(f6x2.CyclotomicSquare());
        Fq12 a = f12x3 * f6x2 * f6x;         // f^λ₂
        Fq12 b = a * f2x.Conjugate();        // f^λ₁
        Fq12 l0 = a * f6x2 * f;              // f^λ₀
        Fq12 l3 = b * f.Conjugate();         // f^λ₃
        return l0 * b.Frobenius(1) * a.Frobenius(2) * l3.Frobenius(3);
    }

    /// <summary>
    /// f^x for f in the cyclotomic subgroup: width-4 NAF of x (14 non-zero digits) over f, f³, f⁵, f⁷, with
    /// cyclotomic squarings; negative digits use conjugates, which are inverses there.
    /// </summary>
    internal static Fq12 ExpByX(in Fq12 f)
    {
        ReadOnlySpan<sbyte> digits = PairingConstants.XWnaf4;
        Span<Fq12> odd = stackalloc Fq12[4];
        odd[0] = f;
        Fq12 f2 = f.CyclotomicSquare();
        for (int i = 1; i < odd.Length; i++) odd[i] = odd[i - 1] * f2;
        Fq12 result = odd[(digits[^1] - 1) >> 1]; // the top digit is positive
        for (int i = digits.Length - 2; i >= 0; i--)
        {
            result = result.CyclotomicSquare();
            int d = digits[i];
            if (d > 0) result *= odd[(d - 1) >> 1];
            else if (d < 0) result *= odd[(-d - 1) >> 1].Conjugate();
        }
        return result;
    }
}
