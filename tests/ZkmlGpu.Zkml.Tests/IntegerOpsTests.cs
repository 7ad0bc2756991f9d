using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>The fast kernels against their direct definitions, on the unchecked and the checked path.</summary>
public class IntegerOpsTests
{
    [Theory]
    [InlineData(10, 1, 1, 1, 0)]
    [InlineData(1000, 2, 2, 1, 1)]
    [InlineData(1L << 40, 1, 1, 2, 2)] // too large for the unchecked path
    public void Im2ColConvEqualsDirectConv(long range, int group, int stride, int dilation, int pad)
    {
        var r = new Random((int)(range % 1000) + group);
        int[] xs = { 2, 4, 7, 6 }, ws = { 6, 4 / group, 3, 2 };
        var a = new ConvAttributes(new[] { 3, 2 }, new[] { stride, 1 }, new[] { pad, 0, pad, 1 }, new[] { dilation, 1 }, group, new[] { 0, 0 });
        int oh = (7 + 2 * pad - (dilation * 2 + 1)) / stride + 1, ow = (6 + 1 - 2) / 1 + 1;
        int[] ys = { 2, 6, oh, ow };
        long[] x = Enumerable.Range(0, 2 * 4 * 7 * 6).Select(_ => r.NextInt64(-range, range)).ToArray();
        long[] w = Enumerable.Range(0, 6 * (4 / group) * 6).Select(_ => r.NextInt64(-range, range)).ToArray();
        long[] b = Enumerable.Range(0, 6).Select(_ => r.NextInt64(-range, range)).ToArray();
        var expected = new long[2 * 6 * oh * ow];
        var actual = new long[expected.Length];
        try { TensorKernels.ConvDirect(x, xs, w, ws, b, a, expected, ys); }
        catch (OverflowException)
        {
            Assert.Throws<OverflowException>(() => IntegerOps.ConvIm2Col(x, xs, w, ws, b, a, actual, ys));
            return;
        }
        IntegerOps.ConvIm2Col(x, xs, w, ws, b, a, actual, ys);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void MatMulEqualsTheDefinition()
    {
        var r = new Random(5);
        int m = 7, k = 33, n = 5;
        long[] a = Enumerable.Range(0, m * k).Select(_ => r.NextInt64(-1 << 20, 1 << 20)).ToArray();
        long[] bT = Enumerable.Range(0, n * k).Select(_ => r.NextInt64(-1 << 20, 1 << 20)).ToArray();
        var y = new long[m * n];
        IntegerOps.MatMul(a, bT, m, k, n, y);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                Int128 acc = 0;
                for (int t = 0; t < k; t++) acc += (Int128)a[i * k + t] * bT[j * k + t];
                Assert.Equal((long)acc, y[i * n + j]);
            }
    }

    [Fact]
    public void MatMulOverflowIsCaught()
    {
        long[] a = { long.MaxValue / 4, long.MaxValue / 4 }, bT = { 3, 3 };
        Assert.Throws<OverflowException>(() => IntegerOps.MatMul(a, bT, 1, 2, 1, new long[1]));
    }

    [Fact]
    public void BroadcastIndexFollowsNumpy()
    {
        var map = Broadcasting.SourceIndex(new TensorShape(3, 1), new TensorShape(2, 3, 4));
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int l = 0; l < 4; l++)
                    Assert.Equal(j, map[(i * 3 + j) * 4 + l]);
        Assert.Null(Broadcasting.Shape(new TensorShape(3), new TensorShape(4)));
    }
}
