using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>The NTT and coset scaling at every lane width this CPU has, bit for bit against the scalar path.</summary>
public class LaneNttTests
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (int width in new[] { 8, 4 })
            foreach (int log in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 16 }) data.Add(width, log);
        return data;
    }

    private static Fr[] RandomVector(Random rng, int n)
    {
        var v = new Fr[n];
        for (int i = 0; i < n; i++) v[i] = Fr.Random(rng);
        // Edge values at the start: 0, 1, p − 1.
        if (n > 0) v[0] = Fr.Zero;
        if (n > 1) v[1] = Fr.One;
        if (n > 2) v[2] = -Fr.One;
        return v;
    }

    private static Fr[] With(int width, Fr[] input, Action<Fr[]> op)
    {
        var copy = (Fr[])input.Clone();
        using (SimdWidth.Override(width)) op(copy);
        return copy;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TransformsMatchScalarPath(int width, int log)
    {
        if (width > SimdWidth.Supported) return;
        var rng = new Random(1000 + log);
        var input = RandomVector(rng, 1 << log);
        Fr shift = Fr.FromUInt64(7);
        foreach (bool inverse in new[] { false, true })
        {
            Assert.Equal(With(1, input, a => NttEngine.Transform(a, inverse)), With(width, input, a => NttEngine.Transform(a, inverse)));
            Assert.Equal(With(1, input, a => NttEngine.CosetTransform(a, shift, inverse)), With(width, input, a => NttEngine.CosetTransform(a, shift, inverse)));
        }
    }

    /// <summary>Only 0, 1 and p − 1, so every lane of the transposed tiles and every group meets them.</summary>
    [Theory]
    [InlineData(8, 3)]
    [InlineData(8, 6)]
    [InlineData(8, 12)]
    [InlineData(4, 2)]
    [InlineData(4, 4)]
    [InlineData(4, 12)]
    public void EdgeValuesMatchScalarPath(int width, int log)
    {
        if (width > SimdWidth.Supported) return;
        Fr[] edges = { Fr.Zero, Fr.One, -Fr.One, -Fr.One, Fr.One };
        var input = new Fr[1 << log];
        for (int i = 0; i < input.Length; i++) input[i] = edges[(i * 7 + i / 5) % edges.Length];
        foreach (bool inverse in new[] { false, true })
            Assert.Equal(With(1, input, a => NttEngine.Transform(a, inverse)), With(width, input, a => NttEngine.Transform(a, inverse)));
    }

    [Theory]
    [InlineData(8, 13, 11, false)]
    [InlineData(8, 14, 12, true)]
    [InlineData(4, 13, 11, true)]
    [InlineData(4, 14, 12, false)]
    public void OnTheFlyTwiddlesMatchScalarPath(int width, int log, int maxTableLevel, bool inverse)
    {
        if (width > SimdWidth.Supported) return;
        var input = RandomVector(new Random(2000 + log), 1 << log);
        Assert.Equal(With(1, input, a => NttEngine.Transform(a, inverse)), With(width, input, a => NttEngine.Transform(a, inverse, maxTableLevel)));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void ScaleMatchesScalarPathOnRaggedLengths(int width)
    {
        if (width > SimdWidth.Supported) return;
        var rng = new Random(3000 + width);
        foreach (int n in new[] { 1, 5, 8, 13, 4095, 4096, 4097, 10000 })
        {
            var input = RandomVector(rng, n);
            Fr first = Fr.Random(rng), ratio = Fr.Random(rng);
            Assert.Equal(With(1, input, a => NttEngine.Scale(a, first, ratio)), With(width, input, a => NttEngine.Scale(a, first, ratio)));
            Assert.Equal(With(1, input, a => NttEngine.Scale(a, first, Fr.One)), With(width, input, a => NttEngine.Scale(a, first, Fr.One)));
        }
    }
}
