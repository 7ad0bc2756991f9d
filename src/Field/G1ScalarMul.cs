using System.Numerics;
using F = ZkmlGpu.Field.JacobianFormulas<ZkmlGpu.Field.Fq>;

namespace ZkmlGpu.Field;

/// <summary>
/// The GLV method for G1: BN254 has the endomorphism φ(x, y) = (β·x, y) with β a cube root of unity in Fq, and
/// φ(P) = λ·P for a cube root of unity λ in Fr. Writing k = k1 + k2·λ with |k1|, |k2| ≈ √r halves the doublings.
/// All constants are derived at start-up from r and q (and checked in tests against λ·G = φ(G)).
/// </summary>
internal static class G1Glv
{
    public static readonly Fq Beta;
    /// <summary>λ as an integer in [0, r).</summary>
    public static readonly BigInteger Lambda;
    /// <summary>The short lattice basis (a1, b1), (a2, b2) of {(a, b) : a + b·λ ≡ 0 mod r}.</summary>
    public static readonly BigInteger A1, B1, A2, B2;

    // Fixed-point rounding: c_i = s_i·⌊k·G_i / 2^256⌋ approximates k·b2/det and −k·b1/det; the s_i are folded
    // into the basis constants below, all as two's-complement U256 so the split runs without allocation.
    private static readonly U256 G1Mul, G2Mul, A1s, A2s, B1s, B2s;

    static G1Glv()
    {
        BigInteger q = Fq.Modulus, r = Fr.Modulus;
        Beta = CubeRootOfUnity<Fq>(q);
        Fr lambda = CubeRootOfUnity<Fr>(r);
        // Pick the λ that matches β: φ(G) = λ·G (the other root gives λ²·G).
        var g = G1Jacobian.Generator;
        var phiG = new G1Jacobian(g.X * Beta, g.Y, g.Z);
        F.Multiply(g.X, g.Y, g.Z, lambda.ToCanonical(), out var lx, out var ly, out var lz);
        if (new G1Jacobian(lx, ly, lz) != phiG) lambda = lambda.Square();
        Lambda = lambda.ToBigInteger();

        // Extended Euclid on (r, λ): every remainder r_i = s_i·r + t_i·λ gives a lattice vector (r_i, −t_i).
        BigInteger sqrtR = Sqrt(r);
        BigInteger r0 = r, r1 = Lambda, t0 = 0, t1 = 1;
        while (r1 >= sqrtR)
        {
            BigInteger quotient = r0 / r1;
            (r0, r1) = (r1, r0 - quotient * r1);
            (t0, t1) = (t1, t0 - quotient * t1);
        }
        A1 = r1; B1 = -t1;
        BigInteger quotient2 = r0 / r1;
        BigInteger r2 = r0 - quotient2 * r1, t2 = t0 - quotient2 * t1;
        if (r0 * r0 + t0 * t0 <= r2 * r2 + t2 * t2) { A2 = r0; B2 = -t0; }
        else { A2 = r2; B2 = -t2; }

        BigInteger det = A1 * B2 - A2 * B1; // ±r
        // c1 ≈ k·b2/det, c2 ≈ −k·b1/det.
        int s1 = (B2 * det).Sign, s2 = (-B1 * det).Sign;
        G1Mul = U256.FromBigInteger((BigInteger.Abs(B2) << 256) / r);
        G2Mul = U256.FromBigInteger((BigInteger.Abs(B1) << 256) / r);
        A1s = Wrap(s1 * A1); B1s = Wrap(s1 * B1);
        A2s = Wrap(s2 * A2); B2s = Wrap(s2 * B2);
    }

    private static T CubeRootOfUnity<T>(BigInteger p) where T : struct, IPrimeField<T>
    {
        var exponent = U256.FromBigInteger((p - 1) / 3);
        for (ulong g = 2; ; g++)
        {
            T w = T.FromUInt64(g).Pow(exponent);
            if (w != T.One) return w;
        }
    }

    private static BigInteger Sqrt(BigInteger n)
    {
        BigInteger x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            BigInteger y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    private static U256 Wrap(BigInteger v) => v.Sign >= 0 ? U256.FromBigInteger(v) : U256.Negate(U256.FromBigInteger(-v));

    /// <summary>
    /// Splits k (in [0, 2^256)) into k ≡ k1 + k2·λ (mod r) with |k1|, |k2| &lt; 2^128, returned as magnitudes and
    /// signs.
    /// </summary>
    public static void Split(in U256 k, out U256 k1, out bool k1Negative, out U256 k2, out bool k2Negative)
    {
        U256 c1 = U256.MulHigh(k, G1Mul), c2 = U256.MulHigh(k, G2Mul);
        U256 t1 = U256.Add(U256.MulLow(c1, A1s), U256.MulLow(c2, A2s), out _);
        U256 v1 = U256.Sub(k, t1, out _);
        U256 t2 = U256.Add(U256.MulLow(c1, B1s), U256.MulLow(c2, B2s), out _);
        U256 v2 = U256.Negate(t2);
        k1Negative = (v1.U3 >> 63) != 0;
        k2Negative = (v2.U3 >> 63) != 0;
        k1 = k1Negative ? U256.Negate(v1) : v1;
        k2 = k2Negative ? U256.Negate(v2) : v2;
    }

    /// <summary>
    /// k·P by GLV with interleaved width-5 wNAF of k1 and k2: about 128 doublings and 43 mixed additions.
    /// The eight odd multiples of ±P are normalised to affine with one shared inversion so the main loop can use
    /// mixed additions; φ's table is then just β·x.
    /// </summary>
    public static G1Jacobian Multiply(in G1Jacobian p, in U256 k)
    {
        if (p.IsInfinity) return G1Jacobian.Infinity;
        Split(k, out U256 k1, out bool n1, out U256 k2, out bool n2);
        Span<sbyte> d1 = stackalloc sbyte[Wnaf.MaxDigits];
        Span<sbyte> d2 = stackalloc sbyte[Wnaf.MaxDigits];
        int len1 = Wnaf.Encode(k1, F.WnafWidth, d1);
        int len2 = Wnaf.Encode(k2, F.WnafWidth, d2);

        // Odd multiples (2i + 1)·(±P) in Jacobian form, then to affine. None is the identity: P ≠ O has prime
        // order r &gt; 15.
        const int n = F.OddMultiples.Length;
        F.OddMultiples jac = default;
        F.BuildOddMultiples(p.X, n1 ? -p.Y : p.Y, p.Z, ref jac);
        Span<Fq> x1 = stackalloc Fq[n], y1 = stackalloc Fq[n], x2 = stackalloc Fq[n], y2 = stackalloc Fq[n];
        Span<Fq> zInv = stackalloc Fq[n];
        for (int i = 0; i < n; i++) zInv[i] = jac[i].Z;
        FieldBatch.Invert(zInv); // non-zero: no multiple of P ≠ O below r is the identity
        // φ(m·P) = (β·x, y); flip y when k2's sign differs from k1's (the table already carries k1's sign).
        bool flip = n1 != n2;
        for (int i = 0; i < n; i++)
        {
            Fq zi = zInv[i], zi2 = zi.Square();
            x1[i] = jac[i].X * zi2;
            y1[i] = jac[i].Y * zi2 * zi;
            x2[i] = x1[i] * Beta;
            y2[i] = flip ? -y1[i] : y1[i];
        }

        Fq ax = Fq.One, ay = Fq.One, az = Fq.Zero;
        for (int i = Math.Max(len1, len2) - 1; i >= 0; i--)
        {
            F.Double(ax, ay, az, out ax, out ay, out az);
            if (i < len1) AddDigit(ref ax, ref ay, ref az, x1, y1, d1[i]);
            if (i < len2) AddDigit(ref ax, ref ay, ref az, x2, y2, d2[i]);
        }
        return new G1Jacobian(ax, ay, az);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void AddDigit(ref Fq ax, ref Fq ay, ref Fq az, ReadOnlySpan<Fq> xs, ReadOnlySpan<Fq> ys, int digit)
    {
        if (digit > 0) F.AddMixed(ax, ay, az, xs[digit >> 1], ys[digit >> 1], out ax, out ay, out az);
        else if (digit < 0) F.AddMixed(ax, ay, az, xs[(-digit) >> 1], -ys[(-digit) >> 1], out ax, out ay, out az);
    }
}

public readonly partial struct G1Jacobian
{
    /// <summary>k·P (GLV + wNAF, variable time in k).</summary>
    public static G1Jacobian operator *(G1Jacobian p, Fr k) => G1Glv.Multiply(p, k.ToCanonical());
    /// <summary>k·P (GLV + wNAF, variable time in k).</summary>
    public static G1Jacobian operator *(Fr k, G1Jacobian p) => G1Glv.Multiply(p, k.ToCanonical());

    /// <summary>k·P for any integer k (negative allowed); k is reduced mod r, the order of G1.</summary>
    public G1Jacobian Multiply(BigInteger k) => this * Fr.FromBigInteger(k);

    /// <summary>The GLV endomorphism φ(X, Y, Z) = (β·X, Y, Z), equal to λ·P.</summary>
    public G1Jacobian Endomorphism() => new(X * G1Glv.Beta, Y, Z);

    /// <summary>Whether the point satisfies Y² = X³ + 3·Z⁶ (the identity counts as on the curve).</summary>
    public bool IsOnCurve
    {
        get
        {
            if (IsInfinity) return true;
            Fq z2 = Z.Square(), z6 = z2.Square() * z2;
            return Y.Square() == X.Square() * X + G1Affine.B * z6;
        }
    }

    /// <summary>G1 has cofactor 1, so every point on the curve is in the order-r subgroup.</summary>
    public bool IsInSubgroup => IsOnCurve;

    /// <summary>A uniformly random group element (for tests and benchmarks; not for secrets).</summary>
    public static G1Jacobian Random(Random rng) => Generator * Fr.Random(rng);

    /// <summary>
    /// Converts many points to affine with one shared field inversion (Montgomery's trick). The identity
    /// becomes <see cref="G1Affine.Infinity"/>. <paramref name="result"/> must have the same length.
    /// </summary>
    public static void BatchToAffine(ReadOnlySpan<G1Jacobian> points, Span<G1Affine> result)
    {
        if (points.Length != result.Length) throw new ArgumentException("Points and result lengths differ.", nameof(result));
        Fq[] zInv = System.Buffers.ArrayPool<Fq>.Shared.Rent(points.Length);
        try
        {
            for (int i = 0; i < points.Length; i++) zInv[i] = points[i].Z;
            FieldBatch.Invert(zInv.AsSpan(0, points.Length));
            for (int i = 0; i < points.Length; i++)
            {
                Fq zi = zInv[i];
                if (zi.IsZero) { result[i] = G1Affine.Infinity; continue; }
                Fq zi2 = zi.Square();
                result[i] = new G1Affine(points[i].X * zi2, points[i].Y * zi2 * zi);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<Fq>.Shared.Return(zInv);
        }
    }
}

public readonly partial struct G1Affine
{
    /// <summary>k·P (GLV + wNAF, variable time in k).</summary>
    public static G1Jacobian operator *(G1Affine p, Fr k) => p.ToJacobian() * k;
    /// <summary>k·P (GLV + wNAF, variable time in k).</summary>
    public static G1Jacobian operator *(Fr k, G1Affine p) => p.ToJacobian() * k;

    /// <summary>A uniformly random group element (for tests and benchmarks; not for secrets).</summary>
    public static G1Affine Random(Random rng) => G1Jacobian.Random(rng).ToAffine();
}
