using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

/// <summary>Gate expressions evaluated on the vector lanes equal the scalar evaluation bit for bit.</summary>
public class CompiledExpressionLaneTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void EvaluateAllMatchesScalarPath(int width)
    {
        if (width > SimdWidth.Supported) return;
        var rng = new Random(77);
        Column a = new(ColumnKind.Advice, 0), b = new(ColumnKind.Advice, 1), q = new(ColumnKind.Fixed, 0);
        int n = 4096 + 333; // not a multiple of the block size, so the last block is ragged
        var columns = new Dictionary<Column, Fr[]>();
        foreach (var c in new[] { a, b, q })
        {
            var v = new Fr[n];
            for (int i = 0; i < n; i++) v[i] = Fr.Random(rng);
            v[0] = Fr.Zero; v[1] = Fr.One; v[2] = -Fr.One;
            columns[c] = v;
        }
        Fr k = Fr.Random(rng);
        Expression e = q.Cur * (a.Cur * b.Query(1) + a.Query(-1) * 5 - b.Cur * b.Cur + k) - (-a.Query(2) + Expression.Constant(Fr.FromUInt64(3)));
        var compiled = new CompiledExpression(e, c => columns[c], stride: 2);
        Fr[] scalar, lanes;
        using (SimdWidth.Override(1)) scalar = compiled.EvaluateAll(n);
        using (SimdWidth.Override(width)) lanes = compiled.EvaluateAll(n);
        Assert.Equal(scalar, lanes);
        // And against the tree-walking evaluation at a few rows.
        foreach (int row in new[] { 0, 1, 511, 512, n - 1 })
            Assert.Equal(e.Evaluate((c, rot) => columns[c][((row + rot * 2) % n + n) % n]), scalar[row]);
    }
}
