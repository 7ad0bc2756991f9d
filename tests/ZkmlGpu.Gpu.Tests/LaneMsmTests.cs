using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>The batch-affine bucket additions on the vector lanes (Fq) give the MSM the scalar path gives.</summary>
public class LaneMsmTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void BatchAffineMsmMatchesScalarPath(int width)
    {
        if (width > SimdWidth.Supported) return;
        var rng = new Random(90 + width);
        const int n = 3000;
        var distinct = new G1Affine[64];
        for (int i = 0; i < distinct.Length; i++) distinct[i] = IlgpuReference.RandomPoint(rng);
        var bases = new G1Affine[n];
        var scalars = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            bases[i] = distinct[rng.Next(distinct.Length)];
            scalars[i] = Fr.Random(rng);
        }
        // Doublings (equal point, equal scalar), cancellations (P and −P in one bucket), a run of equal scalars
        // (queue and overflow), zeros and the identity.
        for (int i = 1; i < 400; i += 2) { bases[i] = bases[i - 1]; scalars[i] = scalars[i - 1]; }
        for (int i = 401; i < 800; i += 2) { bases[i] = bases[i - 1]; scalars[i] = -scalars[i - 1]; }
        Fr same = Fr.Random(rng);
        for (int i = 800; i < 1600; i++) scalars[i] = same;
        scalars[1700] = Fr.Zero; bases[1701] = G1Affine.Infinity;
        var canonical = scalars.Select(s => s.ToCanonical()).ToArray();
        foreach (int batch in new[] { 0, 16 })
        {
            G1Jacobian expected, actual;
            using (SimdWidth.Override(1)) expected = Pippenger.MsmCanonical(bases, canonical, 9, batch);
            using (SimdWidth.Override(width)) actual = Pippenger.MsmCanonical(bases, canonical, 9, batch);
            Assert.Equal(expected.ToAffine(), actual.ToAffine());
        }
        G1Jacobian e2, a2;
        using (SimdWidth.Override(1)) e2 = Pippenger.Msm(bases, scalars);
        using (SimdWidth.Override(width)) a2 = Pippenger.Msm(bases, scalars);
        Assert.Equal(e2.ToAffine(), a2.ToAffine());
    }
}
