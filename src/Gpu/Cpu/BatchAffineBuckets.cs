using System.Buffers;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// One Pippenger window with buckets kept in affine coordinates and additions done in batches: all slopes
/// λ = (y₂ − y₁)/(x₂ − x₁) of a batch share one field inversion (Montgomery's trick), so an addition costs about
/// 6 multiplications instead of 11 for a mixed Jacobian one. A point whose bucket already has an addition pending
/// waits in a queue until the next flush; when the queue is full (e.g. many equal scalars) it goes to a Jacobian
/// overflow bucket instead, which keeps the worst case at plain Jacobian cost. Equal x means doubling
/// (λ = 3x²/2y) or cancellation to the identity.
/// </summary>
internal static class BatchAffineBuckets
{
    private const byte Normal = 0, Doubling = 1, Cancel = 2;

    /// <summary>Batch size: large enough to amortise the inversion (~7 µs), small against the bucket count.</summary>
    internal static int BatchSizeFor(int bucketCount) => Math.Clamp(bucketCount / 4, 16, 1024);

    /// <summary>Σ d_i·P_i for the signed digits of one window, whose magnitudes are at most bucketCount. The identity's
    /// digit must be 0 (<see cref="Pippenger"/>'s recoding writes 0 for it), so the points themselves are not read here.</summary>
    /// <param name="width">The lane width (8, 4 or 1, see <see cref="SimdWidth"/>).</param>
    /// <param name="basePlanes">The bases split into limb planes; needed when width is above 1.</param>
    public static G1Jacobian WindowSum(G1Affine[] bases, AffinePointPlanes? basePlanes, ReadOnlySpan<short> digits, int bucketCount, int batchSize, int width)
    {
        if (width > 1 && basePlanes == null) throw new ArgumentNullException(nameof(basePlanes), "The lane path needs the bases in limb planes.");
        using var w = new Window(bases, basePlanes, bucketCount, batchSize, width);
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[i];
            if (d == 0) continue;
            w.Add((d > 0 ? d : -d) - 1, d > 0 ? i : ~i);
        }
        return w.Finish();
    }

    /// <summary>
    /// The buckets of one window, the pending batch and a queue of points that met a pending bucket. A point is
    /// named by its index i, or ~i for −P_i.
    /// </summary>
    private sealed class Window : IDisposable
    {
        private readonly G1Affine[] bases;
        private readonly AffinePointPlanes? basePlanes;
        private readonly int bucketCount, batchSize;
        // The buckets: Fq on the scalar path, limb planes (bucket b in column b) on the lane path.
        private readonly Fq[]? bx, by;
        private readonly ulong[]? bucketX, bucketY;
        private readonly int bucketStride;
        private readonly bool[] occupied, pending;
        private G1Jacobian[]? overflow;

        private readonly int[] batchBucket, batchPoint;
        private readonly Fq[]? batchX, batchY, denominators, prefix; // the scalar path's batch
        private readonly byte[] kind;
        private int count;

        // Points whose bucket had an addition pending; retried after the next flush.
        private readonly int[] queueBucket, queuePoint;
        private int queued;

        public Window(G1Affine[] bases, AffinePointPlanes? basePlanes, int bucketCount, int batchSize, int width)
        {
            this.bases = bases;
            this.basePlanes = basePlanes;
            this.bucketCount = bucketCount;
            this.batchSize = batchSize;
            this.width = width;
            occupied = new bool[bucketCount]; pending = new bool[bucketCount];
            batchBucket = new int[batchSize]; batchPoint = new int[batchSize];
            kind = new byte[batchSize];
            queueBucket = new int[batchSize]; queuePoint = new int[batchSize];
            if (width > 1)
            {
                bucketStride = LimbPlanes.StrideFor(bucketCount);
                // Pooled: an MSM runs many windows, and fresh large arrays each cost page faults and zeroing. Every
                // column is written before it is read (unused padding lanes compute garbage that is never read).
                bucketX = ArrayPool<ulong>.Shared.Rent(LimbPlanes.Limbs * bucketStride);
                bucketY = ArrayPool<ulong>.Shared.Rent(LimbPlanes.Limbs * bucketStride);
                laneStride = LimbPlanes.StrideFor(batchSize);
                planes = new ulong[PlaneCount][];
                for (int i = 0; i < PlaneCount; i++) planes[i] = ArrayPool<ulong>.Shared.Rent(LimbPlanes.Limbs * laneStride);
            }
            else
            {
                bx = new Fq[bucketCount]; by = new Fq[bucketCount];
                batchX = new Fq[batchSize]; batchY = new Fq[batchSize];
                denominators = new Fq[batchSize]; prefix = new Fq[batchSize];
            }
        }

        public void Dispose()
        {
            if (bucketX == null) return;
            ArrayPool<ulong>.Shared.Return(bucketX);
            ArrayPool<ulong>.Shared.Return(bucketY!);
            foreach (var plane in planes!) ArrayPool<ulong>.Shared.Return(plane);
        }

        // The lane path's batch in limb planes: x1, y1, x2, y2 (filled as points arrive), denominators, prefix
        // products; two lane-wide scalars.
        private const int PlaneCount = 6;
        private readonly int width, laneStride;
        private readonly ulong[][]? planes;
        private readonly ulong[] laneAcc = new ulong[FqLaneInversion.ScratchLength], laneInv = new ulong[FqLaneInversion.ScratchLength];
        private static readonly ulong[] Zero = new ulong[LimbPlanes.Limbs * 8];

        private Fq X(int point) => bases[point >= 0 ? point : ~point].X;
        private Fq Y(int point) => point >= 0 ? bases[point].Y : -bases[~point].Y;

        public void Add(int b, int point)
        {
            if (!occupied[b]) { SetBucket(b, point); occupied[b] = true; return; }
            if (pending[b])
            {
                if (queued < queueBucket.Length) { queueBucket[queued] = b; queuePoint[queued] = point; queued++; }
                else AddToOverflow(b, point); // e.g. many equal scalars: every point meets the same bucket
                return;
            }
            pending[b] = true;
            AppendToBatch(b, point);
            if (count == batchSize) FlushAndRetryQueue();
        }

        private void SetBucket(int b, int point)
        {
            if (bucketX == null) { bx![b] = X(point); by![b] = Y(point); return; }
            if (point >= 0)
            {
                LimbPlanes.Copy(ref basePlanes!.X[point], basePlanes.Stride, ref bucketX[b], bucketStride);
                LimbPlanes.Copy(ref basePlanes.Y[point], basePlanes.Stride, ref bucketY![b], bucketStride);
            }
            else
            {
                LimbPlanes.Split(X(point).Mont, ref bucketX[b], bucketStride);
                LimbPlanes.Split(Y(point).Mont, ref bucketY![b], bucketStride);
            }
        }

        /// <summary>Adds the point to the batch; on the lane path −P's y is negated at the flush.</summary>
        private void AppendToBatch(int b, int point)
        {
            batchBucket[count] = b;
            batchPoint[count] = point;
            if (planes == null) { batchX![count] = X(point); batchY![count] = Y(point); }
            else
            {
                int i = point >= 0 ? point : ~point;
                LimbPlanes.Copy(ref basePlanes!.X[i], basePlanes.Stride, ref planes[2][count], laneStride);
                LimbPlanes.Copy(ref basePlanes.Y[i], basePlanes.Stride, ref planes[3][count], laneStride);
            }
            count++;
        }

        private void FlushAndRetryQueue()
        {
            Flush();
            // The batch is empty and the queue holds at most batchSize points, so this cannot overfill the batch.
            int kept = 0;
            for (int q = 0; q < queued; q++)
            {
                int b = queueBucket[q];
                if (!occupied[b]) { SetBucket(b, queuePoint[q]); occupied[b] = true; }
                else if (pending[b]) { queueBucket[kept] = b; queuePoint[kept] = queuePoint[q]; kept++; }
                else { pending[b] = true; AppendToBatch(b, queuePoint[q]); }
            }
            queued = kept;
        }

        private void AddToOverflow(int b, int point)
        {
            if (overflow == null)
            {
                overflow = new G1Jacobian[bucketCount];
                Array.Fill(overflow, G1Jacobian.Infinity);
            }
            overflow[b] += new G1Affine(X(point), Y(point));
        }

        public G1Jacobian Finish()
        {
            // Each round settles every queued bucket's first point; only points meeting the same bucket again wait.
            while (count > 0 || queued > 0) FlushAndRetryQueue();

            G1Jacobian sum = width switch
            {
                8 => AffineBucketReduction.WeightedSumOfPlanes<FqLanes512>(bucketX!, bucketY!, bucketStride, occupied, bucketCount),
                4 => AffineBucketReduction.WeightedSumOfPlanes<FqLanes256>(bucketX!, bucketY!, bucketStride, occupied, bucketCount),
                _ => AffineBucketReduction.WeightedSum(bx!, by!, occupied, bucketCount),
            };
            return overflow == null ? sum : sum + SparseWeightedSum(overflow);
        }

        /// <summary>Σ (b+1)·O_b over the few non-identity overflow buckets: the running sum is constant between
        /// them, so it is added gap times (a small multiple) instead of once per bucket.</summary>
        private static G1Jacobian SparseWeightedSum(G1Jacobian[] buckets)
        {
            var running = G1Jacobian.Infinity;
            var sum = G1Jacobian.Infinity;
            int top = -1;
            for (int b = buckets.Length - 1; b >= 0; b--)
            {
                if (buckets[b].IsInfinity) continue;
                if (top >= 0) sum += AffineBucketReduction.Multiply(running, top - b);
                running += buckets[b];
                top = b;
            }
            return top < 0 ? sum : sum + AffineBucketReduction.Multiply(running, top + 1);
        }

        /// <summary>
        /// Adds each batched point to its bucket, with one shared inversion of all denominators. The prefix
        /// products run as two interleaved chains (even and odd entries) so consecutive multiplications do not
        /// wait on each other.
        /// </summary>
        private void Flush()
        {
            if (count == 0) return;
            switch (width)
            {
                case 8: FlushLanes<FqLanes512>(); return;
                case 4: FlushLanes<FqLanes256>(); return;
            }
            Fq[] bx = this.bx!, by = this.by!, batchX = this.batchX!, batchY = this.batchY!, denominators = this.denominators!, prefix = this.prefix!;
            Fq accEven = Fq.One, accOdd = Fq.One;
            for (int k = 0; k < count; k++)
            {
                int b = batchBucket[k];
                Fq x1 = bx[b], y1 = by[b], x2 = batchX[k], y2 = batchY[k];
                Fq den;
                if (x1 != x2) { den = x2 - x1; kind[k] = Normal; }
                else if (y1 == y2) { den = y1.Double(); kind[k] = Doubling; } // y ≠ 0: G1 has no point of order 2
                else { den = Fq.One; kind[k] = Cancel; }
                denominators[k] = den;
                if ((k & 1) == 0) { prefix[k] = accEven; accEven *= den; }
                else { prefix[k] = accOdd; accOdd *= den; }
            }
            Fq inv = (accEven * accOdd).Inverse();
            Fq invEven = inv * accOdd, invOdd = inv * accEven;
            for (int k = count - 1; k >= 0; k--)
            {
                Fq denInv;
                if ((k & 1) == 0) { denInv = invEven * prefix[k]; invEven *= denominators[k]; }
                else { denInv = invOdd * prefix[k]; invOdd *= denominators[k]; }
                int b = batchBucket[k];
                pending[b] = false;
                if (kind[k] == Cancel) { occupied[b] = false; continue; }
                Fq x1 = bx[b], y1 = by[b], x2 = batchX[k];
                Fq lambda;
                if (kind[k] == Normal) lambda = (batchY[k] - y1) * denInv;
                else { Fq xx = x1.Square(); lambda = (xx.Double() + xx) * denInv; }
                Fq x3 = lambda.Square() - x1 - x2;
                by[b] = lambda * (x1 - x3) - y1;
                bx[b] = x3;
            }
            count = 0;
        }

        /// <summary>
        /// <see cref="Flush"/> on the vector lanes, with the shared inversion of <see cref="FqLaneInversion"/>; the
        /// buckets stay in limb planes, so a batch gathers and scatters columns without conversions. Doublings and
        /// cancellations (rare) patch their denominator and numerator from the scalar path. Same bucket values as
        /// <see cref="Flush"/>.
        /// </summary>
        private void FlushLanes<TL>() where TL : struct, IFieldLanes
        {
            int lanes = TL.Lanes, s = laneStride, used = (count + lanes - 1) / lanes * lanes;
            ulong[] x1 = planes![0], y1 = planes[1], x2 = planes[2], y2 = planes[3], den = planes[4], prefix = planes[5];
            ulong[] bucketX = this.bucketX!, bucketY = this.bucketY!;
            int bs = bucketStride;
            for (int k = 0; k < count; k++)
            {
                int b = batchBucket[k];
                LimbPlanes.Copy(ref bucketX[b], bs, ref x1[k], s);
                LimbPlanes.Copy(ref bucketY[b], bs, ref y1[k], s);
            }
            // −P_i: y2 ← 0 − y2 (den is free until the denominators).
            for (int i = 0; i < used; i += lanes) TL.Sub(ref Zero[0], 8, ref y2[i], s, ref den[i], s);
            for (int k = 0; k < count; k++)
                if (batchPoint[k] < 0) LimbPlanes.Copy(ref den[k], s, ref y2[k], s);
            for (int i = 0; i < used; i += lanes) TL.Sub(ref x2[i], s, ref x1[i], s, ref den[i], s);
            for (int k = 0; k < used; k++)
            {
                if (k >= count) { LimbPlanes.Split(Fq.One.Mont, ref den[k], s); continue; } // padding lanes: factor 1
                if (!LimbPlanes.Equal(ref x1[k], s, ref x2[k], s)) { kind[k] = Normal; continue; }
                if (LimbPlanes.Equal(ref y1[k], s, ref y2[k], s))
                {
                    kind[k] = Doubling;
                    LimbPlanes.Split(Fq.FromMontgomery(LimbPlanes.Join(ref y1[k], s)).Double().Mont, ref den[k], s);
                }
                else { kind[k] = Cancel; LimbPlanes.Split(Fq.One.Mont, ref den[k], s); }
            }
            FqLaneInversion.Invert<TL>(den, prefix, s, used, laneAcc, laneInv); // prefix[i] ← 1/den[i]
            // Numerators y2 − y1 (3x1² for doublings) into den, then λ into den.
            for (int i = 0; i < used; i += lanes) TL.Sub(ref y2[i], s, ref y1[i], s, ref den[i], s);
            for (int k = 0; k < count; k++)
                if (kind[k] == Doubling) { Fq xx = Fq.FromMontgomery(LimbPlanes.Join(ref x1[k], s)).Square(); LimbPlanes.Split((xx.Double() + xx).Mont, ref den[k], s); }
            // λ into den, x3 into y2, y3 into x2
            AffineLaneAddition.Complete<TL>(ref den[0], ref prefix[0], ref x1[0], ref x2[0], ref y1[0], ref y2[0], ref x2[0], s, used);
            for (int k = 0; k < count; k++)
            {
                int b = batchBucket[k];
                pending[b] = false;
                if (kind[k] == Cancel) { occupied[b] = false; continue; }
                LimbPlanes.Copy(ref y2[k], s, ref bucketX[b], bs);
                LimbPlanes.Copy(ref x2[k], s, ref bucketY[b], bs);
            }
            count = 0;
        }
    }
}
