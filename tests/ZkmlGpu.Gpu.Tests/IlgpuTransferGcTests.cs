using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// Host/device copies while another thread forces compacting collections. ILGPU's ref-based copies take the raw address
/// of the host array without pinning it; a collection that moves the array mid-copy leaves the host side unread or
/// unwritten (a download of all zeros was seen under CPU load).
/// </summary>
[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuTransferGcTests(IlgpuCpuFixture fixture)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    [Fact]
    public void TransfersSurviveCompactingCollections()
    {
        var device = fixture.Device;
        var rng = new Random(260);
        // 64 KiB: large enough that the copy itself is long, small enough to stay off the (non-moving) large object heap.
        var values = IlgpuReference.RandomFr(rng, 2048);
        using var v = device.Upload(values);
        RaceWithCollections(i =>
        {
            // Fresh small arrays live in gen0, where a compaction moves them.
            var src = (Fr[])values.Clone();
            v.CopyFrom(src);
            var back = v.ToArray();
            Assert.Equal(values, back);
        });
    }

    [Fact]
    public void FieldKernelAndNttResultsSurviveCompactingCollections()
    {
        var device = fixture.Device;
        var rng = new Random(261);
        var a = new U256[16];
        var b = new U256[16];
        for (int i = 0; i < a.Length; i++) { a[i] = Fr.Random(rng).Mont; b[i] = Fr.Random(rng).Mont; }
        var expectedOps = device.FieldOps(a, b);
        var coeffs = IlgpuReference.RandomFr(rng, 16);
        var expectedNtt = IlgpuReference.NaiveEvaluate(coeffs, Fr.One);
        RaceWithCollections(i =>
        {
            if (i % 2 == 0)
            {
                Assert.Equal(expectedOps, device.FieldOps((U256[])a.Clone(), (U256[])b.Clone()));
            }
            else
            {
                using var v = device.Upload((Fr[])coeffs.Clone());
                device.Ntt(v, NttDirection.Forward);
                Assert.Equal(expectedNtt, v.ToArray());
            }
        });
    }

    /// <summary>Runs body repeatedly for a fixed time while another thread keeps compacting gen0.</summary>
    private static void RaceWithCollections(Action<int> body)
    {
        // Kernels compile on first use; do that before the collector starts competing for the cores.
        body(0);
        body(1);
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
        }) { IsBackground = true };
        collector.Start();
        try
        {
            var until = DateTime.UtcNow + Budget;
            for (int i = 0; DateTime.UtcNow < until; i++) body(i);
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
    }
}
