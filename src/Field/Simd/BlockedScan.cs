using System.Buffers;

namespace ZkmlGpu.Field.Simd;

/// <summary>Fills a block's terms r[start .. start + length) into segmented planes (<see cref="SegmentedPlanes{TL}"/>).</summary>
internal delegate void BlockTerms(int start, int length, Span<ulong> planes, int stride);

/// <summary>
/// A running product or sum over many elements on the vector lanes: z[0] = first, z[i + 1] = z[i]·r[i] (or
/// z[i] + r[i]) for i &lt; count. Blocks of <see cref="BlockSize"/> terms are filled and scanned in parallel, each
/// lane of a block running down its own segment; a short serial pass then chains the segment totals and a second
/// parallel pass applies each segment's offset. Bit-identical to the serial loop (field arithmetic is exact).
/// TL must be an Fr kernel.
/// </summary>
internal static class BlockedScan<TL> where TL : struct, IFieldLanes
{
    public const int BlockSize = 4096;

    /// <param name="terms">Writes the block's terms; padding columns after a short block may hold anything.</param>
    /// <param name="z">Receives z[0 .. count]; later elements are untouched.</param>
    public static void Run(int count, Fr first, bool sum, BlockTerms terms, Fr[] z)
    {
        if (count < 0 || z.Length < count + 1) throw new ArgumentException($"A running {(sum ? "sum" : "product")} of {count} terms needs {count + 1} outputs, got {z.Length}.");
        z[0] = first;
        if (count == 0) return;
        int lanes = TL.Lanes, blocks = (count + BlockSize - 1) / BlockSize, region = LimbPlanes.Limbs * BlockSize;
        ulong[] scanned = ArrayPool<ulong>.Shared.Rent(region * blocks);
        var totals = new Fr[blocks * lanes];
        try
        {
            Parallel.For(0, blocks, b =>
            {
                int start = b * BlockSize, length = Math.Min(BlockSize, count - start), stride = LimbPlanes.StrideFor(length);
                var planes = scanned.AsSpan(b * region, LimbPlanes.Limbs * stride);
                terms(start, length, planes, stride);
                // The identity in the padding keeps it out of the last segments' totals.
                if (length < stride) SegmentedPlanes<TL>.FillFrom(planes, stride, length, sum ? Fr.Zero : Fr.One);
                if (sum) SegmentedPlanes<TL>.ScanSums(planes, stride);
                else SegmentedPlanes<TL>.ScanProducts(planes, stride);
                for (int k = 0; k < lanes; k++) totals[b * lanes + k] = SegmentedPlanes<TL>.Get(planes, stride, stride / lanes - 1, k);
            });
            // totals[s] becomes the value before segment s: first combined with every earlier segment.
            Fr acc = first;
            for (int s = 0; s < totals.Length; s++)
            {
                Fr total = totals[s];
                totals[s] = acc;
                acc = sum ? acc + total : acc * total;
            }
            Parallel.For(0, blocks, b =>
            {
                int start = b * BlockSize, length = Math.Min(BlockSize, count - start), stride = LimbPlanes.StrideFor(length);
                var planes = scanned.AsSpan(b * region, LimbPlanes.Limbs * stride);
                SegmentedPlanes<TL>.ApplyPerLane(planes, stride, totals.AsSpan(b * lanes, lanes), sum);
                SegmentedPlanes<TL>.Join(planes, stride, z.AsSpan(start + 1, length));
            });
        }
        catch (AggregateException e)
        {
            // A block's own error (a zero denominator), as the serial pass would throw it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scanned);
        }
    }
}
