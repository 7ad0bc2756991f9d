using System.Buffers;

namespace ZkmlGpu.Field;

/// <summary>Batch operations over any <see cref="IField{T}"/>.</summary>
public static class FieldBatch
{
    /// <summary>Below this many elements one thread does the whole batch; above, chunks are inverted in parallel.</summary>
    private const int ParallelChunk = 1 << 14;

    /// <summary>
    /// Replaces every non-zero element by its inverse with Montgomery's trick: one field inversion plus about
    /// three multiplications per element. Zeros are left as zero (no exception), so callers can batch-invert
    /// data that may contain zeros (e.g. Z of points at infinity) and test for zero afterwards.
    /// Large spans are split into chunks inverted on several threads (one inversion per chunk).
    /// </summary>
    public static void Invert<T>(Span<T> values) where T : struct, IField<T>
    {
        if (values.Length <= ParallelChunk)
        {
            InvertSequential(values);
            return;
        }
        // A span cannot be captured by the parallel body, so the chunks work on a pooled copy (a memcpy is cheap
        // next to three multiplications per element).
        int chunks = (values.Length + ParallelChunk - 1) / ParallelChunk;
        T[] copy = ArrayPool<T>.Shared.Rent(values.Length);
        try
        {
            values.CopyTo(copy);
            int n = values.Length;
            Parallel.For(0, chunks, c =>
            {
                int start = c * ParallelChunk, length = Math.Min(ParallelChunk, n - start);
                InvertSequential(copy.AsSpan(start, length));
            });
            copy.AsSpan(0, n).CopyTo(values);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// As <see cref="Invert{T}(Span{T})"/>, for callers where a zero is a bug (a denominator that must not vanish):
    /// throws <see cref="DivideByZeroException"/> before changing anything if any element is zero.
    /// </summary>
    public static void InvertNonZero<T>(Span<T> values) where T : struct, IField<T>
    {
        foreach (var v in values)
            if (v.IsZero) throw new DivideByZeroException("Batch inversion met a zero element.");
        Invert(values);
    }

    /// <summary>
    /// Writes the inverses of <paramref name="input"/> into <paramref name="output"/> (same length; may be the
    /// same memory). Zeros map to zero.
    /// </summary>
    public static void Invert<T>(ReadOnlySpan<T> input, Span<T> output) where T : struct, IField<T>
    {
        if (input.Length != output.Length) throw new ArgumentException("Input and output lengths differ.", nameof(output));
        input.CopyTo(output);
        Invert(output);
    }

    /// <summary>Up to this many elements the prefix products live on the stack (hot small calls, e.g. scalar multiplication tables).</summary>
    private const int StackElements = 32;

    private static void InvertSequential<T>(Span<T> values) where T : struct, IField<T>
    {
        if (values.IsEmpty) return;
        if (values.Length <= StackElements)
        {
            var buffer = new SmallBuffer<T>();
            InvertWith(values, buffer);
            return;
        }
        T[] prefix = ArrayPool<T>.Shared.Rent(values.Length);
        try
        {
            InvertWith(values, prefix);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(prefix);
        }
    }

    private static void InvertWith<T>(Span<T> values, Span<T> prefix) where T : struct, IField<T>
    {
        {
            // prefix[i] = product of the non-zero values before i.
            T acc = T.One;
            for (int i = 0; i < values.Length; i++)
            {
                prefix[i] = acc;
                if (!values[i].IsZero) acc *= values[i];
            }
            T inv = acc.Inverse(); // acc is a product of non-zero values, hence non-zero
            for (int i = values.Length - 1; i >= 0; i--)
            {
                T v = values[i];
                if (v.IsZero) continue;
                values[i] = inv * prefix[i];
                inv *= v;
            }
        }
    }

    [System.Runtime.CompilerServices.InlineArray(StackElements)]
    private struct SmallBuffer<T>
    {
        private T _element;
    }
}
