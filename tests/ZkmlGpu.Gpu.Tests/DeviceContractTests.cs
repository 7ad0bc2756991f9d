using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// What every <see cref="IComputeDevice"/> must do, against independent references (<see cref="IlgpuReference"/>:
/// schoolbook DFT, double-and-add MSM, circomlib's reference Poseidon). Each backend, and the CPU backend at each
/// vector width, runs it through a subclass.
/// </summary>
public abstract class DeviceContractTests
{
    protected abstract IComputeDevice Device { get; }

    /// <summary>Pins the lane width for the test's duration (null: leave it).</summary>
    protected virtual IDisposable? Pin() => null;

    /// <summary>False where this variant cannot run here (e.g. a vector width the CPU lacks).</summary>
    protected virtual bool Runs => true;

    public static readonly int[] Logs = [0, 1, 2, 3, 5, 6, 8];

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
    public void CosetNttMatchesSchoolbookEvaluation()
    {
        if (!Runs) return;
        using var _ = Pin();
        var rng = new Random(2);
        Fr shift = Fr.FromUInt64(7);
        foreach (int log in Logs)
        {
            var coeffs = IlgpuReference.RandomFr(rng, 1 << log);
            using var v = Device.Upload(coeffs);
            Device.CosetNtt(v, shift, NttDirection.Forward);
            Assert.Equal(IlgpuReference.NaiveEvaluate(coeffs, shift), v.ToArray());
            Device.CosetNtt(v, shift, NttDirection.Inverse);
            Assert.Equal(coeffs, v.ToArray());
        }
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
    public void PoseidonMatchesReference()
    {
        if (!Runs) return;
        using var _ = Pin();
        var rng = new Random(4);
        foreach (int t in new[] { 2, 3, 5 })
        {
            var p = IlgpuReference.RandomPoseidon(rng, t);
            foreach (int count in new[] { 1, 9, 70 })
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
