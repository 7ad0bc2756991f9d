using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Prover.Polynomials;

/// <summary>
/// Helpers for polynomials in coefficient form: index i holds the coefficient of X^i. Trailing zeros are
/// allowed everywhere (a span of length n is a polynomial of degree below n); <see cref="Degree"/> and
/// <see cref="Trim"/> give the true degree.
/// </summary>
public static class PolynomialOps
{
    // Below this many coefficients the threading overhead outweighs the gain.
    private const int ParallelThreshold = 1 << 14;

    /// <summary>The degree, or −1 for the zero polynomial (all coefficients zero, or none).</summary>
    public static int Degree(ReadOnlySpan<Fr> coefficients)
    {
        int i = coefficients.Length - 1;
        while (i >= 0 && coefficients[i].IsZero) i--;
        return i;
    }

    /// <summary>The coefficients without trailing zeros (empty for the zero polynomial).</summary>
    public static ReadOnlySpan<Fr> Trim(ReadOnlySpan<Fr> coefficients) => coefficients[..(Degree(coefficients) + 1)];

    /// <inheritdoc cref="Trim(ReadOnlySpan{Fr})"/>
    public static ReadOnlyMemory<Fr> Trim(ReadOnlyMemory<Fr> coefficients) => coefficients[..(Degree(coefficients.Span) + 1)];

    /// <summary>p(x) by Horner's rule.</summary>
    public static Fr Evaluate(ReadOnlySpan<Fr> coefficients, Fr x)
    {
        Fr acc = Fr.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--) acc = acc * x + coefficients[i];
        return acc;
    }

    /// <summary>
    /// p(x) using all cores for large polynomials: each chunk is evaluated by Horner and shifted by x^start.
    /// Same result as <see cref="Evaluate"/>.
    /// </summary>
    public static Fr EvaluateParallel(ReadOnlyMemory<Fr> coefficients, Fr x)
    {
        int n = coefficients.Length;
        int chunks = Math.Min(Environment.ProcessorCount * 4, n / (ParallelThreshold / 4));
        if (chunks <= 1) return Evaluate(coefficients.Span, x);
        int chunkSize = (n + chunks - 1) / chunks;
        chunks = (n + chunkSize - 1) / chunkSize;
        var partial = new Fr[chunks];
        Parallel.For(0, chunks, c =>
        {
            int start = c * chunkSize;
            int length = Math.Min(chunkSize, n - start);
            partial[c] = Evaluate(coefficients.Span.Slice(start, length), x) * x.Pow((ulong)start);
        });
        Fr sum = Fr.Zero;
        foreach (var v in partial) sum += v;
        return sum;
    }

    /// <summary>
    /// Divides p by (X − z) by synthetic division: writes the quotient (length p.Length − 1, or 0 for an empty p)
    /// and returns the remainder, which equals p(z). The quotient must not overlap the coefficients.
    /// </summary>
    public static Fr DivideByLinear(ReadOnlySpan<Fr> coefficients, Fr z, Span<Fr> quotient)
    {
        int n = coefficients.Length;
        if (n == 0)
        {
            if (quotient.Length != 0) throw new ArgumentException("The quotient of the empty polynomial is empty.", nameof(quotient));
            return Fr.Zero;
        }
        if (quotient.Length != n - 1)
            throw new ArgumentException($"The quotient needs {n - 1} coefficients, got {quotient.Length}.", nameof(quotient));
        if (quotient.Overlaps(coefficients)) throw new ArgumentException("The quotient must not overlap the coefficients.", nameof(quotient));
        // q_{n−2} = a_{n−1}, q_{i−1} = a_i + z·q_i, remainder = a_0 + z·q_0.
        Fr acc = coefficients[n - 1];
        for (int i = n - 2; i >= 0; i--)
        {
            quotient[i] = acc;
            acc = coefficients[i] + z * acc;
        }
        return acc;
    }

    /// <summary>Allocating form of <see cref="DivideByLinear(ReadOnlySpan{Fr}, Fr, Span{Fr})"/>.</summary>
    public static Fr[] DivideByLinear(ReadOnlySpan<Fr> coefficients, Fr z, out Fr remainder)
    {
        var quotient = new Fr[Math.Max(0, coefficients.Length - 1)];
        remainder = DivideByLinear(coefficients, z, quotient);
        return quotient;
    }

    /// <summary>a += c·b; a must be at least as long as b.</summary>
    public static unsafe void AddScaled(Span<Fr> a, ReadOnlySpan<Fr> b, Fr c)
    {
        if (a.Length < b.Length) throw new ArgumentException($"Target has {a.Length} coefficients, fewer than the {b.Length} added.", nameof(a));
        int width = SimdWidth.Current;
        ulong[] cShifted = LimbPlanes.Broadcast(c.Mont, shifted: true);
        fixed (Fr* pa = a)
        fixed (Fr* pb = b)
        {
            nint aa = (nint)pa, bb = (nint)pb;
            ForChunks(b.Length, (start, end) =>
            {
                Fr* x = (Fr*)aa; Fr* y = (Fr*)bb;
                var target = new Span<Fr>(x + start, end - start);
                var added = new ReadOnlySpan<Fr>(y + start, end - start);
                switch (width)
                {
                    case 8: AddScaledLanes<FrLanes512>(target, added, cShifted); break;
                    case 4: AddScaledLanes<FrLanes256>(target, added, cShifted); break;
                    default: for (int i = 0; i < target.Length; i++) target[i] += c * added[i]; break;
                }
            });
        }
    }

    /// <summary>a += c·b on the lanes, in blocks converted to limb planes and back (bit-identical to the scalar loop).</summary>
    private static void AddScaledLanes<TL>(Span<Fr> a, ReadOnlySpan<Fr> b, ulong[] cShifted) where TL : struct, IFieldLanes
    {
        const int block = 512;
        ulong[] rented = System.Buffers.ArrayPool<ulong>.Shared.Rent(2 * LimbPlanes.Limbs * block);
        try
        {
            for (int start = 0; start < b.Length; start += block)
            {
                int length = Math.Min(block, b.Length - start), stride = LimbPlanes.StrideFor(length), size = LimbPlanes.Limbs * stride;
                Span<ulong> x = rented.AsSpan(0, size), y = rented.AsSpan(size, size);
                LimbPlanes.Split(a.Slice(start, length), x, stride);
                LimbPlanes.Split(b.Slice(start, length), y, stride);
                SegmentedPlanes<TL>.MulConstant(y, cShifted, y, stride);
                SegmentedPlanes<TL>.Add(x, y, x, stride);
                LimbPlanes.Join(x, stride, a.Slice(start, length));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>a += b; a must be at least as long as b.</summary>
    public static void Add(Span<Fr> a, ReadOnlySpan<Fr> b)
    {
        if (a.Length < b.Length) throw new ArgumentException($"Target has {a.Length} coefficients, fewer than the {b.Length} added.", nameof(a));
        for (int i = 0; i < b.Length; i++) a[i] += b[i];
    }

    /// <summary>a *= c, coefficient-wise.</summary>
    public static unsafe void Scale(Span<Fr> a, Fr c)
    {
        fixed (Fr* pa = a)
        {
            nint aa = (nint)pa;
            ForChunks(a.Length, (start, end) =>
            {
                Fr* x = (Fr*)aa;
                for (int i = start; i < end; i++) x[i] *= c;
            });
        }
    }

    /// <summary>Σ scale^i · polys[i], as one coefficient array as long as the longest input (for batch openings).</summary>
    public static Fr[] LinearCombination(IReadOnlyList<ReadOnlyMemory<Fr>> polys, Fr scale)
    {
        ArgumentNullException.ThrowIfNull(polys);
        int length = 0;
        foreach (var p in polys) length = Math.Max(length, p.Length);
        var result = new Fr[length];
        Fr power = Fr.One;
        for (int k = 0; k < polys.Count; k++)
        {
            AddScaled(result, polys[k].Span, power);
            power *= scale;
        }
        return result;
    }

    private static void ForChunks(int length, Action<int, int> body)
    {
        if (length < ParallelThreshold)
        {
            body(0, length);
            return;
        }
        int chunks = Environment.ProcessorCount * 4;
        int chunkSize = (length + chunks - 1) / chunks;
        Parallel.For(0, chunks, c =>
        {
            int start = c * chunkSize;
            int end = Math.Min(length, start + chunkSize);
            if (start < end) body(start, end);
        });
    }
}
