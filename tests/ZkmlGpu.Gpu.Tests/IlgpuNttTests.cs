using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>Device NTT, inverse and coset NTT against O(n²) evaluation and the CPU backend, for one and several shared-memory passes.</summary>
public abstract class IlgpuNttTestsBase
{
    private protected abstract IlgpuDevice Device { get; }

    protected void CheckForwardMatchesNaive(int maxLogTile)
    {
        int saved = Device.NttMaxLogTile;
        Device.NttMaxLogTile = maxLogTile;
        try
        {
            var rng = new Random(200 + maxLogTile);
            for (int logN = 0; logN <= 7; logN++)
            {
                var coeffs = IlgpuReference.RandomFr(rng, 1 << logN);
                using var v = Device.Upload(coeffs);
                Device.Ntt(v, NttDirection.Forward);
                Assert.Equal(IlgpuReference.NaiveEvaluate(coeffs, Fr.One), v.ToArray());
                Device.Ntt(v, NttDirection.Inverse);
                Assert.Equal(coeffs, v.ToArray());
            }
        }
        finally { Device.NttMaxLogTile = saved; }
    }

    protected void CheckInverseMatchesNaive()
    {
        var rng = new Random(210);
        var evals = IlgpuReference.RandomFr(rng, 64);
        using var v = Device.Upload(evals);
        Device.Ntt(v, NttDirection.Inverse);
        // Inverse DFT: (1/n)·Σ e_j·ω^(−ij).
        Fr nInv = Fr.FromUInt64(64).Inverse();
        var expected = IlgpuReference.NaiveEvaluate(evals, Fr.One, inverseRoot: true).Select(x => x * nInv).ToArray();
        Assert.Equal(expected, v.ToArray());
    }

    protected void CheckCoset()
    {
        var rng = new Random(220);
        foreach (int logN in new[] { 0, 1, 3, 8 })
        {
            var coeffs = IlgpuReference.RandomFr(rng, 1 << logN);
            Fr shift = Fr.MultiplicativeGenerator * Fr.Random(rng);
            using var v = Device.Upload(coeffs);
            Device.CosetNtt(v, shift, NttDirection.Forward);
            Assert.Equal(IlgpuReference.NaiveEvaluate(coeffs, shift), v.ToArray());
            Device.CosetNtt(v, shift, NttDirection.Inverse);
            Assert.Equal(coeffs, v.ToArray());
        }
    }

    protected void CheckLargerThenSmaller()
    {
        // Twiddles are kept for the largest size; a smaller transform afterwards must read them with a stride.
        var rng = new Random(230);
        var big = IlgpuReference.RandomFr(rng, 256);
        var small = IlgpuReference.RandomFr(rng, 16);
        using var vb = Device.Upload(big);
        Device.Ntt(vb, NttDirection.Forward);
        using var vs = Device.Upload(small);
        Device.Ntt(vs, NttDirection.Forward);
        Assert.Equal(IlgpuReference.NaiveEvaluate(small, Fr.One), vs.ToArray());
        Assert.Equal(IlgpuReference.NaiveEvaluate(big, Fr.One), vb.ToArray());
    }

    protected void CheckMatchesCpuDevice()
    {
        var rng = new Random(250);
        using var cpu = new Cpu.CpuDevice();
        for (int logN = 4; logN <= 8; logN++)
        {
            var values = IlgpuReference.RandomFr(rng, 1 << logN);
            Fr shift = Fr.Random(rng);
            foreach (var direction in new[] { NttDirection.Forward, NttDirection.Inverse })
            {
                using var g = Device.Upload(values);
                using var c = cpu.Upload(values);
                Device.Ntt(g, direction);
                cpu.Ntt(c, direction);
                Assert.Equal(c.ToArray(), g.ToArray());
                Device.CosetNtt(g, shift, direction);
                cpu.CosetNtt(c, shift, direction);
                Assert.Equal(c.ToArray(), g.ToArray());
            }
        }
    }

    protected void CheckRejections()
    {
        using var three = Device.Allocate(3);
        Assert.Throws<ArgumentException>(() => Device.Ntt(three, NttDirection.Forward));
        using var empty = Device.Allocate(0);
        Assert.Throws<ArgumentException>(() => Device.Ntt(empty, NttDirection.Forward));
        using var four = Device.Allocate(4);
        Assert.Throws<ArgumentException>(() => Device.CosetNtt(four, Fr.Zero, NttDirection.Inverse));
        Assert.Throws<ArgumentOutOfRangeException>(() => Device.Ntt(four, (NttDirection)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => Device.CosetNtt(four, Fr.One, (NttDirection)7));
        using var cpu = new Cpu.CpuDevice();
        using var foreign = cpu.Allocate(4);
        Assert.Throws<ArgumentException>(() => Device.Ntt(foreign, NttDirection.Forward));
        var disposed = Device.Allocate(4);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Device.Ntt(disposed, NttDirection.Forward));
    }

    protected void CheckTransfers()
    {
        var rng = new Random(240);
        var values = IlgpuReference.RandomFr(rng, 33);
        using var v = Device.Upload(values);
        Assert.Equal(values, v.ToArray());
        using var z = Device.Allocate(5);
        Assert.All(z.ToArray(), x => Assert.True(x.IsZero));
        Assert.Throws<ArgumentException>(() => v.CopyTo(new Fr[32]));
        Assert.Throws<ArgumentException>(() => v.CopyFrom(new Fr[34]));
    }
}

[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuNttCpuAcceleratorTests(IlgpuCpuFixture fixture) : IlgpuNttTestsBase
{
    private protected override IlgpuDevice Device => fixture.Device;
    [Fact] public void ForwardAndRoundTripFusedTiles() => CheckForwardMatchesNaive(10);
    [Fact] public void ForwardAndRoundTripStridedPasses() => CheckForwardMatchesNaive(2);
    [Fact] public void ForwardAndRoundTripUnevenPasses() => CheckForwardMatchesNaive(3);
    [Fact] public void InverseMatchesNaive() => CheckInverseMatchesNaive();
    [Fact] public void CosetMatchesNaiveAndRoundTrips() => CheckCoset();
    [Fact] public void SmallerSizeAfterLargerReusesTwiddles() => CheckLargerThenSmaller();
    [Fact] public void MatchesCpuDeviceBitForBit() => CheckMatchesCpuDevice();
    [Fact] public void RejectsBadInput() => CheckRejections();
    [Fact] public void UploadsAndDownloadsRawLimbs() => CheckTransfers();
}

public sealed class IlgpuNttCudaTests : IlgpuNttTestsBase
{
    private protected override IlgpuDevice Device => CudaTestDevice.Device;
    [CudaFact] public void ForwardAndRoundTripFusedTiles() => CheckForwardMatchesNaive(10);
    [CudaFact] public void ForwardAndRoundTripStridedPasses() => CheckForwardMatchesNaive(2);
    [CudaFact] public void ForwardAndRoundTripUnevenPasses() => CheckForwardMatchesNaive(3);
    [CudaFact] public void CosetMatchesNaiveAndRoundTrips() => CheckCoset();
    [CudaFact] public void SmallerSizeAfterLargerReusesTwiddles() => CheckLargerThenSmaller();
    [CudaFact] public void MatchesCpuDeviceBitForBit() => CheckMatchesCpuDevice();
}
