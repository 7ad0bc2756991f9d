using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Gpu.Tests;

public class BenchmarkInputsTests
{
    [Fact]
    public void PointsAreConsecutiveMultiplesOfTheGenerator()
    {
        // Crosses a chunk boundary (4096) so the per-chunk starting points are checked too.
        const int n = 5000;
        var points = BenchmarkInputs.RandomPoints(n, seed: 9);
        Assert.All(points, p => Assert.True(!p.IsInfinity && p.IsOnCurve));
        for (int i = 1; i < n; i++)
            Assert.Equal(points[i].ToJacobian(), points[i - 1].ToJacobian() + G1Affine.Generator);
        Assert.Equal(points, BenchmarkInputs.RandomPoints(n, seed: 9));
        Assert.NotEqual(points[0], BenchmarkInputs.RandomPoints(1, seed: 10)[0]);
    }

    [Fact]
    public void ScalarsAreDeterministicAndVaried()
    {
        var a = BenchmarkInputs.RandomScalars(10000, seed: 5);
        Assert.Equal(a, BenchmarkInputs.RandomScalars(10000, seed: 5));
        Assert.Equal(a.Length, a.Distinct().Count());
    }
}
