using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// What every <see cref="IComputeDevice"/> must do, against independent references (<see cref="IlgpuReference"/>:
/// schoolbook DFT, double-and-add MSM, circomlib's reference Poseidon). Each backend, and the CPU backend at each
/// vector width, runs it through a subclass; backend test classes keep only what is particular to the backend
/// (tile and window settings, transfers, fallbacks).
/// </summary>
public abstract class DeviceContractTests
{
    protected abstract IComputeDevice Device { get; }

    /// <summary>Pins the lane width for the test's duration (null: leave it).</summary>
    protected virtual IDisposable? Pin() => null;

    /// <summary>False where this variant cannot run here (e.g. a vector width the CPU lacks).</summary>
    protected virtual bool Runs => true;

    public static readonly int[] Logs = [0, 1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void NttMatchesSchoolbookDft()
    {
        if (!Runs) return;
        using var _ = Pin();
        var rng = new Random(1);
        foreach (int log in Logs)
        {
            var coeffs = IlgpuReference.RandomFr(rng, 1 << log);
            using var v = Device.Upload(coeffs);
            Device.Ntt(v, NttDirection.Forward);
            var evals = v.ToArray();
            Assert.Equal(IlgpuReference.NaiveEvaluate(coeffs, Fr.One), evals);
            Device.Ntt(v, NttDirection.Inverse);
            Assert.Equal(coeffs, v.ToArray());
        }
    }

    [Fact]
    public void InverseNttMatchesSchoolbookInterpolation()
    {
        if (!Runs) return;
        using var _ = Pin();
        var rng = new Random(5);
        foreach (int log in Logs)
        {
            // a_j = (1/n)·Σ_i v_i·ω^(−ij)
            var values = IlgpuReference.RandomFr(rng, 1 << log);
            using var v = Device.Upload(values);
            Device.Ntt(v, NttDirection.Inverse);
            Fr nInverse = Fr.FromUInt64((ulong)values.Length).Inverse();
            Assert.Equal(IlgpuReference.NaiveEvaluate(values, Fr.One, inverseRoot: true).Select(x => x * nInverse).ToArray(), v.ToArray());
        }
    }

    [Fact]
    public void CosetNttMatchesSchoolbookEvaluation()
    {
        if (!Runs) return;
        using var _ = Pin();
        var rng = new Random(2);
        foreach (int log in Logs)
        {
            foreach (Fr shift in new[] { Fr.FromUInt64(7), Fr.MultiplicativeGenerator * Fr.Random(rng), Fr.One })
            {
                var coeffs = IlgpuReference.RandomFr(rng, 1 << log);
                using var v = Device.Upload(coeffs);
                Device.CosetNtt(v, shift, NttDirection.Forward);
                Assert.Equal(IlgpuReference.NaiveEvaluate(coeffs, shift), v.ToArray());
                Device.CosetNtt(v, shift, NttDirection.Inverse);
                Assert.Equal(coeffs, v.ToArray());
            }
        }
    }

    [Fact]
    public void NttRejectsBadInput()
    {
        if (!Runs) return;
        using var _ = Pin();
        foreach (int n in new[] { 0, 3, 6, 100 })
        {
            using var v = Device.Allocate(n);
            Assert.Throws<ArgumentException>(() => Device.Ntt(v, NttDirection.Forward));
            Assert.Throws<ArgumentException>(() => Device.CosetNtt(v, Fr.FromUInt64(5), NttDirection.Inverse));
        }
        using var four = Device.Allocate(4);
        Assert.Throws<ArgumentException>(() => Device.CosetNtt(four, Fr.Zero, NttDirection.Forward));
        Assert.Throws<ArgumentException>(() => Device.CosetNtt(four, Fr.Zero, NttDirection.Inverse));
        Assert.Throws<ArgumentOutOfRangeException>(() => Device.Ntt(four, (NttDirection)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => Device.CosetNtt(four, Fr.One, (NttDirection)7));
    }

    [Fact]
    public void MsmMatchesDoubleAndAdd()
    {
        if (!Runs) return;
        using var _ = Pin();
        var rng = new Random(3);
        foreach (int n in new[] { 1, 5, 9, 40, 300 })
        {
            var bases = new G1Affine[n];
            for (int i = 0; i < n; i++) bases[i] = IlgpuReference.RandomPoint(rng);
            var scalars = IlgpuReference.RandomFr(rng, n);
            scalars[0] = n > 1 ? Fr.Zero : scalars[0];
            if (n > 2) { scalars[1] = -Fr.One; bases[2] = G1Affine.Infinity; }
            if (n > 4) { bases[4] = bases[3]; scalars[4] = scalars[3]; } // equal points meet in one bucket
            using var b = Device.UploadBases(bases);
            using var s = Device.Upload(scalars);
            Assert.Equal(IlgpuReference.NaiveMsm(bases, scalars).ToAffine(), Device.Msm(b, s).ToAffine());
        }
    }

    [Fact]
    public void MsmEdgesOfTheInput()
    {
        if (!Runs) return;
        using var _ = Pin();
        var rng = new Random(6);
        var points = Enumerable.Range(0, 5).Select(_ => IlgpuReference.RandomPoint(rng)).ToArray();
        using var bases = Device.UploadBases(points);
        // No scalars: the identity. Fewer scalars than bases: only the prefix counts. More: refused.
        using (var none = Device.Upload(ReadOnlySpan<Fr>.Empty)) Assert.True(Device.Msm(bases, none).IsInfinity);
        Assert.True(Device.Msm(ReadOnlySpan<G1Affine>.Empty, ReadOnlySpan<Fr>.Empty).IsInfinity);
        var three = IlgpuReference.RandomFr(rng, 3);
        using (var s = Device.Upload(three)) Assert.Equal(IlgpuReference.NaiveMsm(points[..3], three).ToAffine(), Device.Msm(bases, s).ToAffine());
        using (var s = Device.Upload(IlgpuReference.RandomFr(rng, 6))) Assert.Throws<ArgumentException>(() => Device.Msm(bases, s));
        Assert.Throws<ArgumentException>(() => Device.Msm(points[..2], IlgpuReference.RandomFr(rng, 3)));
        // All-zero scalars: the identity.
        using (var zeros = Device.Upload(new Fr[5])) Assert.True(Device.Msm(bases, zeros).IsInfinity);
    }

    [Fact]
    public void PoseidonRejectsBadInput()
    {
        if (!Runs) return;
        using var _ = Pin();
        var p = IlgpuReference.RandomPoseidon(new Random(7), 3);
        using var input = Device.Allocate(5);
        using var output = Device.Allocate(2);
        Assert.Throws<ArgumentException>(() => Device.PoseidonHash(p, input, output));
        using var output3 = Device.Allocate(3);
        Assert.Throws<ArgumentException>(() => Device.PoseidonHash(p, input, output3));
        Assert.Throws<ArgumentNullException>(() => Device.PoseidonHash(null!, input, output));
    }

    [Fact]
    public void PoseidonMatchesReference()
    {
        if (!Runs) return;
        using var _ = Pin();
        var rng = new Random(4);
        foreach (int t in new[] { 2, 3, 5 })
        {
            var p = IlgpuReference.RandomPoseidon(rng, t);
            // 300 spans several GPU thread blocks.
            foreach (int count in t == 3 ? new[] { 0, 1, 9, 70, 300 } : new[] { 1, 9, 70 })
            {
                var inputs = IlgpuReference.RandomFr(rng, count * (t - 1));
                using var input = Device.Upload(inputs);
                using var output = Device.Allocate(count);
                Device.PoseidonHash(p, input, output);
                var actual = output.ToArray();
                for (int i = 0; i < count; i++)
                    Assert.Equal(IlgpuReference.PoseidonReference(p, inputs.AsSpan(i * (t - 1), t - 1)), actual[i]);
            }
        }
    }
}

public abstract class CpuContractTests(int width) : DeviceContractTests
{
    private static readonly CpuDevice Cpu = new();
    protected override IComputeDevice Device => Cpu;
    protected override bool Runs => width <= SimdWidth.Supported;
    protected override IDisposable? Pin() => SimdWidth.Override(width);
}

public sealed class CpuWidth8ContractTests() : CpuContractTests(8);
public sealed class CpuWidth4ContractTests() : CpuContractTests(4);
public sealed class CpuScalarContractTests() : CpuContractTests(1);

[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuCpuContractTests(IlgpuCpuFixture fx) : DeviceContractTests
{
    protected override IComputeDevice Device => fx.Device;
}

/// <summary>cuda:0 where one is usable (elsewhere the tests pass without running).</summary>
public sealed class CudaContractTests : DeviceContractTests
{
    protected override IComputeDevice Device => CudaTestDevice.Device;
    protected override bool Runs => CudaTestDevice.Present;
}
