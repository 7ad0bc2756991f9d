using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>Device bucket-method MSM against Σ kᵢ·Pᵢ by double-and-add, over window sizes that exercise every reduction level.</summary>
public abstract class IlgpuMsmTestsBase
{
    private protected abstract IlgpuDevice Device { get; }

    private static readonly Lazy<G1Affine[]> Points = new(() =>
    {
        var rng = new Random(300);
        return Enumerable.Range(0, 48).Select(_ => IlgpuReference.RandomPoint(rng)).ToArray();
    });

    /// <summary>Bases drawn from a small random pool, so buckets see repeated points (the doubling path) and P + (−P).</summary>
    private static (G1Affine[] Bases, Fr[] Scalars) Instance(int seed, int n)
    {
        var rng = new Random(seed);
        var pool = Points.Value;
        var bases = new G1Affine[n];
        var scalars = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            bases[i] = pool[rng.Next(pool.Length)];
            scalars[i] = (i % 9) switch
            {
                0 => Fr.Zero,
                1 => Fr.One,
                2 => -Fr.One,
                3 => Fr.FromUInt64((ulong)rng.Next(1, 64)),
                _ => Fr.Random(rng),
            };
        }
        if (n > 4) bases[4] = G1Affine.Infinity;
        return (bases, scalars);
    }

    private G1Jacobian Run(G1Affine[] bases, Fr[] scalars, int windowBits, int segmentLog = 6, int chunkLog = 5)
    {
        int savedBits = Device.MsmWindowBits, savedThreshold = Device.MsmCpuThreshold;
        int savedSeg = Device.MsmSegmentLog, savedChunk = Device.MsmChunkLog;
        Device.MsmWindowBits = windowBits;
        Device.MsmCpuThreshold = 0;
        Device.MsmSegmentLog = segmentLog;
        Device.MsmChunkLog = chunkLog;
        try
        {
            using var b = Device.UploadBases(bases);
            using var s = Device.Upload(scalars);
            return Device.Msm(b, s);
        }
        finally
        {
            Device.MsmWindowBits = savedBits;
            Device.MsmCpuThreshold = savedThreshold;
            Device.MsmSegmentLog = savedSeg;
            Device.MsmChunkLog = savedChunk;
        }
    }

    protected void CheckWindows(int windowBits, int n, int segmentLog = 6, int chunkLog = 5)
    {
        var (bases, scalars) = Instance(310 + windowBits, n);
        var expected = IlgpuReference.NaiveMsm(bases, scalars).ToAffine();
        Assert.Equal(expected, Run(bases, scalars, windowBits, segmentLog, chunkLog).ToAffine());
        using var cpu = new Cpu.CpuDevice();
        Assert.Equal(expected, cpu.Msm(bases, scalars).ToAffine());
    }

    protected void CheckHeavyBuckets(int pieceSize)
    {
        // Scalars from {1, 2, 3, r−1}: a few buckets receive almost every point, summed over several rounds of pieces.
        var rng = new Random(340 + pieceSize);
        var pool = Points.Value;
        int n = 100;
        var bases = Enumerable.Range(0, n).Select(_ => pool[rng.Next(pool.Length)]).ToArray();
        var scalars = Enumerable.Range(0, n).Select(i => i % 7 == 6 ? -Fr.One : Fr.FromUInt64((ulong)(1 + i % 3))).ToArray();
        var expected = IlgpuReference.NaiveMsm(bases, scalars).ToAffine();
        int saved = Device.MsmPieceSize;
        Device.MsmPieceSize = pieceSize;
        try { Assert.Equal(expected, Run(bases, scalars, 4).ToAffine()); }
        finally { Device.MsmPieceSize = saved; }
    }

    protected void CheckCancellation()
    {
        // k·P + k·(−P) + (r−k)·P + k·P = P·(k + r − k) … built so the answer is exactly 0 and then exactly P.
        var p = Points.Value[0];
        Fr k = Fr.FromUInt64(123456789);
        var bases = new[] { p, -p, p, p };
        var scalars = new[] { k, k, -k, k };
        Assert.True(Run(bases, scalars, 4).IsInfinity);
        var one = Run(new[] { p, p }, new[] { k, Fr.One - k }, 3);
        Assert.Equal(p, one.ToAffine());
    }

    protected void CheckDefaultWindowAndCpuFallback()
    {
        var (bases, scalars) = Instance(330, 40);
        var expected = IlgpuReference.NaiveMsm(bases, scalars).ToAffine();
        Assert.Equal(expected, Run(bases, scalars, 0).ToAffine());
        // Below the threshold the managed backend runs on bases downloaded from the device.
        using var b = Device.UploadBases(bases);
        using var s = Device.Upload(scalars);
        Assert.True(Device.MsmCpuThreshold > 40);
        Assert.Equal(expected, Device.Msm(b, s).ToAffine());
    }

    [Theory]
    [InlineData(20)]
    [InlineData(3000)]
    [InlineData(1 << 20)]
    [InlineData(1 << 24)]
    public void WindowChoiceFitsTheKeyBits(int n)
    {
        int c = IlgpuDevice.ChooseWindowBits(n);
        int w = IlgpuDevice.WindowCount(c);
        Assert.InRange(c, 2, 20);
        Assert.True((long)w << c <= 1 << MsmKeyOrder.Bits);
        Assert.True(c * (w - 1) < 254 && c * w >= 254, "windows must cover 254 bits with room for the last carry");
    }
}

[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuMsmCpuAcceleratorTests(IlgpuCpuFixture fixture) : IlgpuMsmTestsBase
{
    private protected override IlgpuDevice Device => fixture.Device;

    [Theory]
    [InlineData(2, 40, 6, 5)]
    [InlineData(3, 64, 6, 5)]
    [InlineData(5, 64, 6, 5)]
    [InlineData(8, 96, 6, 5)]
    [InlineData(6, 128, 1, 2)] // 32 buckets → 16 segments → 4 chunks per window: every reduction level has several parts
    [InlineData(7, 80, 2, 1)]
    public void MatchesDoubleAndAdd(int windowBits, int n, int segmentLog, int chunkLog) => CheckWindows(windowBits, n, segmentLog, chunkLog);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(32)]
    public void HeavyBucketsSumInRounds(int pieceSize) => CheckHeavyBuckets(pieceSize);

    [Fact] public void PieceSizeBelowTwoIsRejected() => Assert.Throws<ArgumentOutOfRangeException>(() => Device.MsmPieceSize = 1);
    [Fact] public void CancelsExactly() => CheckCancellation();
    [Fact] public void DefaultWindowAndCpuFallback() => CheckDefaultWindowAndCpuFallback();
}

public sealed class IlgpuMsmCudaTests : IlgpuMsmTestsBase
{
    private protected override IlgpuDevice Device => CudaTestDevice.Device;
    [CudaFact] public void MatchesDoubleAndAdd() { CheckWindows(5, 256); CheckWindows(13, 256); CheckWindows(6, 256, 1, 2); }
    [CudaFact] public void CancelsExactly() => CheckCancellation();
    [CudaFact] public void HeavyBucketsSumInRounds() { CheckHeavyBuckets(2); CheckHeavyBuckets(32); }
}
