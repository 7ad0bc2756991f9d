using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// The segmented running sums of <see cref="AffineBucketReduction"/> on the Fq vector lanes: segment j's running
/// point, sum and next addend sit in column j of limb planes (<see cref="LimbPlanes"/>) for the whole reduction,
/// slopes and new points are computed TL.Lanes segments at a time, and each step's additions share one inversion
/// (<see cref="FqLaneInversion"/>). Doublings, cancellations and identities are classified per column; the points
/// are the scalar path's bit for bit.
/// </summary>
internal sealed class AffineRunningSumLanes<TL> where TL : struct, IFieldLanes
{
    private readonly int segments, stride, used;
    // Running points, sums and addends (x, y); denominators, their inverses and two temporaries.
    private readonly ulong[] rx, ry, sx, sy, ax, ay, den, inv, t1, t2;
    private readonly bool[] runningInfinity, sumInfinity, addendInfinity;
    private readonly byte[] kind;
    private readonly ulong[] laneAcc = new ulong[FqLaneInversion.ScratchLength], laneInv = new ulong[FqLaneInversion.ScratchLength];

    private AffineRunningSumLanes(int segments)
    {
        this.segments = segments;
        stride = LimbPlanes.StrideFor(segments);
        used = (segments + TL.Lanes - 1) / TL.Lanes * TL.Lanes;
        ulong[] Plane() => new ulong[LimbPlanes.Limbs * stride];
        rx = Plane(); ry = Plane(); sx = Plane(); sy = Plane(); ax = Plane(); ay = Plane();
        den = Plane(); inv = Plane(); t1 = Plane(); t2 = Plane();
        runningInfinity = new bool[used]; sumInfinity = new bool[used]; addendInfinity = new bool[used];
        Array.Fill(runningInfinity, true);
        Array.Fill(sumInfinity, true);
        Array.Fill(addendInfinity, true); // padding columns never receive an addend
        kind = new byte[used];
    }

    /// <summary>
    /// Fills running[j] and sums[j] for the running.Length segments of length buckets each; bucket b is column b of
    /// the planes bucketX, bucketY (stride bucketStride).
    /// </summary>
    public static void Run(ulong[] bucketX, ulong[] bucketY, int bucketStride, bool[] occupied, int count, int length, G1Affine[] running, G1Affine[] sums)
    {
        var lanes = new AffineRunningSumLanes<TL>(running.Length);
        lanes.Steps(bucketX, bucketY, bucketStride, occupied, count, length);
        lanes.Read(lanes.rx, lanes.ry, lanes.runningInfinity, running);
        lanes.Read(lanes.sx, lanes.sy, lanes.sumInfinity, sums);
    }

    private void Steps(ulong[] bucketX, ulong[] bucketY, int bucketStride, bool[] occupied, int count, int length)
    {
        int s = stride;
        for (int t = length - 1; t >= 0; t--)
        {
            // running_j += B_(j·L + t), then sum_j += running_j, each over all segments at once.
            for (int j = 0; j < segments; j++)
            {
                int b = j * length + t;
                bool present = b < count && occupied[b];
                addendInfinity[j] = !present;
                if (!present) continue;
                LimbPlanes.Copy(ref bucketX[b], bucketStride, ref ax[j], s);
                LimbPlanes.Copy(ref bucketY[b], bucketStride, ref ay[j], s);
            }
            AddInPlace(rx, ry, runningInfinity, ax, ay, addendInfinity);
            AddInPlace(sx, sy, sumInfinity, rx, ry, runningInfinity);
        }
    }

    /// <summary>p[j] ← p[j] + q[j] for every column, with one field inversion for all of them.</summary>
    private void AddInPlace(ulong[] px, ulong[] py, bool[] pInfinity, ulong[] qx, ulong[] qy, bool[] qInfinity)
    {
        int lanes = TL.Lanes, s = stride;
        for (int i = 0; i < used; i += lanes)
        {
            TL.Sub(ref qx[i], s, ref px[i], s, ref den[i], s);   // x2 − x1
            TL.Sub(ref qy[i], s, ref py[i], s, ref t1[i], s);    // y2 − y1
        }
        bool additions = false;
        for (int j = 0; j < used; j++)
        {
            byte k;
            if (qInfinity[j]) k = AffineBucketReduction.Skip;
            else if (pInfinity[j]) k = AffineBucketReduction.TakeAddend;
            else if (!LimbPlanes.Equal(ref px[j], s, ref qx[j], s)) k = AffineBucketReduction.Normal;
            else if (LimbPlanes.Equal(ref py[j], s, ref qy[j], s)) k = AffineBucketReduction.Doubling; // y ≠ 0: G1 has no point of order 2
            else k = AffineBucketReduction.Cancel;
            kind[j] = k;
            if (k == AffineBucketReduction.Normal) { additions = true; continue; }
            if (k == AffineBucketReduction.Doubling)
            {
                // λ = 3x1²/2y1 instead of (y2 − y1)/(x2 − x1).
                additions = true;
                Fq x1 = Get(px, j), y1 = Get(py, j), xx = x1.Square();
                LimbPlanes.Split(y1.Double().Mont, ref den[j], s);
                LimbPlanes.Split((xx.Double() + xx).Mont, ref t1[j], s);
            }
            else LimbPlanes.Split(Fq.One.Mont, ref den[j], s); // no inversion needed: factor 1
        }
        if (additions)
        {
            FqLaneInversion.Invert<TL>(den, inv, s, used, laneAcc, laneInv);
            // λ into t1, x3 into t2, y3 into den
            AffineLaneAddition.Complete<TL>(ref t1[0], ref inv[0], ref px[0], ref qx[0], ref py[0], ref t2[0], ref den[0], s, used);
        }
        for (int j = 0; j < segments; j++)
        {
            switch (kind[j])
            {
                case AffineBucketReduction.Normal:
                case AffineBucketReduction.Doubling:
                    Copy(t2, px, j); Copy(den, py, j); break;
                case AffineBucketReduction.TakeAddend:
                    Copy(qx, px, j); Copy(qy, py, j); pInfinity[j] = false; break;
                case AffineBucketReduction.Cancel:
                    pInfinity[j] = true; break;
            }
        }
    }

    private void Read(ulong[] x, ulong[] y, bool[] infinity, G1Affine[] points)
    {
        for (int j = 0; j < points.Length; j++)
            points[j] = infinity[j] ? G1Affine.Infinity : new G1Affine(Get(x, j), Get(y, j));
    }

    private Fq Get(ulong[] plane, int j) => Fq.FromMontgomery(LimbPlanes.Join(ref plane[j], stride));

    private void Copy(ulong[] from, ulong[] to, int j) => LimbPlanes.Copy(ref from[j], stride, ref to[j], stride);
}
