using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// The CPU backend's NTT beyond the device contract (<see cref="DeviceContractTests"/>): large sizes through the
/// parallel stages, on-the-fly twiddles, the twiddle cache under concurrency, the span conveniences, the error text.
/// </summary>
public class NttTests
{
    private static readonly IComputeDevice Device = new CpuDevice();

    private static Fr[] RandomVector(Random rng, int n)
    {
        var v = new Fr[n];
        for (int i = 0; i < n; i++) v[i] = Fr.Random(rng);
        return v;
    }

    /// <summary>p(x) by Horner.</summary>
    private static Fr Evaluate(Fr[] coefficients, Fr x)
    {
        Fr acc = Fr.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--) acc = acc * x + coefficients[i];
        return acc;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(15)]
    public void ForwardThenInverseIsIdentity(int log)
    {
        var rng = new Random(100 + log);
        var original = RandomVector(rng, 1 << log);
        using var v = Device.Upload(original);
        Device.Ntt(v, NttDirection.Forward);
        Assert.NotEqual(original, v.ToArray());
        Device.Ntt(v, NttDirection.Inverse);
        Assert.Equal(original, v.ToArray());
    }

    [Theory]
    [InlineData(13)]
    [InlineData(15)]
    public void LargeForwardMatchesHornerAtSampledPoints(int log)
    {
        // Covers the parallel global stages (blocks beyond 2^11 elements) against direct evaluation.
        var rng = new Random(200 + log);
        int n = 1 << log;
        var coefficients = RandomVector(rng, n);
        var values = (Fr[])coefficients.Clone();
        Device.Ntt(values, NttDirection.Forward);
        Fr omega = Fr.RootOfUnity(log);
        foreach (int i in new[] { 0, 1, 2, 3, n / 2 - 1, n / 2, n / 2 + 1, n - 1, rng.Next(n), rng.Next(n) })
            Assert.Equal(Evaluate(coefficients, omega.Pow((ulong)i)), values[i]);
    }

    [Theory]
    [InlineData(12, 11, false)]
    [InlineData(14, 12, false)]
    [InlineData(14, 11, true)]
    public void OnTheFlyTwiddlesMatchCachedTables(int log, int maxTableLevel, bool inverse)
    {
        // Stages above 2^20 compute twiddles on the fly; force that path at small sizes and compare.
        var rng = new Random(500 + log);
        var original = RandomVector(rng, 1 << log);
        var cached = (Fr[])original.Clone();
        var onTheFly = (Fr[])original.Clone();
        NttEngine.Transform(cached, inverse);
        NttEngine.Transform(onTheFly, inverse, maxTableLevel);
        Assert.Equal(cached, onTheFly);
    }

    [Fact]
    public void PolynomialProductMatchesSchoolbook()
    {
        var rng = new Random(13);
        foreach (var (da, db) in new[] { (1, 1), (3, 5), (17, 40), (100, 155), (700, 1200) })
        {
            var a = RandomVector(rng, da);
            var b = RandomVector(rng, db);
            var expected = new Fr[da + db - 1];
            for (int i = 0; i < da; i++)
                for (int j = 0; j < db; j++) expected[i + j] += a[i] * b[j];

            int n = 1;
            while (n < da + db - 1) n <<= 1;
            var fa = new Fr[n]; a.CopyTo(fa, 0);
            var fb = new Fr[n]; b.CopyTo(fb, 0);
            Device.Ntt(fa, NttDirection.Forward);
            Device.Ntt(fb, NttDirection.Forward);
            for (int i = 0; i < n; i++) fa[i] *= fb[i];
            Device.Ntt(fa, NttDirection.Inverse);
            Assert.Equal(expected, fa[..expected.Length]);
            Assert.All(fa[expected.Length..], x => Assert.True(x.IsZero));
        }
    }

    [Theory]
    [InlineData(9)]
    [InlineData(12)]
    public void CosetForwardEvaluatesOnShiftedDomain(int log)
    {
        var rng = new Random(300 + log);
        int n = 1 << log;
        var coefficients = RandomVector(rng, n);
        Fr shift = Fr.MultiplicativeGenerator;
        var values = (Fr[])coefficients.Clone();
        Device.CosetNtt(values, shift, NttDirection.Forward);
        Fr omega = Fr.RootOfUnity(log);
        var indices = n <= 64 ? Enumerable.Range(0, n) : new[] { 0, 1, n / 2, n - 1, rng.Next(n), rng.Next(n) };
        foreach (int i in indices)
            Assert.Equal(Evaluate(coefficients, shift * omega.Pow((ulong)i)), values[i]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(12)]
    [InlineData(14)]
    public void CosetRoundTripIsIdentity(int log)
    {
        var rng = new Random(400 + log);
        var original = RandomVector(rng, 1 << log);
        Fr shift = Fr.Random(rng);
        using var v = Device.Upload(original);
        Device.CosetNtt(v, shift, NttDirection.Forward);
        Assert.NotEqual(original, v.ToArray());
        Device.CosetNtt(v, shift, NttDirection.Inverse);
        Assert.Equal(original, v.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(100)]
    [InlineData(1023)]
    public void RejectsNonPowerOfTwoLengths(int n)
    {
        using var v = Device.Allocate(n);
        var e = Assert.Throws<ArgumentException>(() => Device.Ntt(v, NttDirection.Forward));
        Assert.Contains("power of two", e.Message);
        Assert.Throws<ArgumentException>(() => Device.CosetNtt(v, Fr.FromUInt64(5), NttDirection.Inverse));
    }

    [Fact]
    public void RejectsSizesBeyondTwoAdicity()
    {
        var e = Assert.Throws<ArgumentException>(() => NttEngine.CheckedLog(1 << 29));
        Assert.Contains("2^28", e.Message);
        Assert.Equal(28, NttEngine.CheckedLog(1 << 28));
    }

    [Fact]
    public void RejectsVectorsOfAnotherDevice()
    {
        using var foreign = new ForeignVector(Device, 4);
        Assert.Throws<ArgumentException>(() => Device.Ntt(foreign, NttDirection.Forward));
    }

    [Fact]
    public void SpanConveniencesWriteBackResults()
    {
        var rng = new Random(16);
        var original = RandomVector(rng, 64);
        var viaSpan = (Fr[])original.Clone();
        Device.Ntt(viaSpan.AsSpan(), NttDirection.Forward);
        using var v = Device.Upload(original);
        Device.Ntt(v, NttDirection.Forward);
        Assert.Equal(v.ToArray(), viaSpan);
        Assert.NotEqual(original, viaSpan);

        Fr shift = Fr.FromUInt64(3);
        var cosetSpan = (Fr[])original.Clone();
        Device.CosetNtt(cosetSpan.AsSpan(), shift, NttDirection.Forward);
        using var w = Device.Upload(original);
        Device.CosetNtt(w, shift, NttDirection.Forward);
        Assert.Equal(w.ToArray(), cosetSpan);
    }

    [Fact]
    public void NttIsLinear()
    {
        var rng = new Random(17);
        var a = RandomVector(rng, 1 << 13);
        var b = RandomVector(rng, 1 << 13);
        Fr k = Fr.Random(rng);
        var combo = new Fr[a.Length];
        for (int i = 0; i < a.Length; i++) combo[i] = a[i] + k * b[i];
        Device.Ntt(a, NttDirection.Forward);
        Device.Ntt(b, NttDirection.Forward);
        Device.Ntt(combo, NttDirection.Forward);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i] + k * b[i], combo[i]);
    }

    [Fact]
    public void ConcurrentTransformsOfDifferentSizesAgree()
    {
        // The twiddle cache is shared: fill it from several threads at once and compare with serial results.
        var rng = new Random(18);
        var inputs = Enumerable.Range(0, 8).Select(i => RandomVector(rng, 1 << (8 + i % 6))).ToArray();
        var actual = inputs.Select(x => (Fr[])x.Clone()).ToArray();
        Parallel.For(0, actual.Length, i => new CpuDevice().Ntt(actual[i], NttDirection.Forward));
        var expected = inputs.Select(x => { var y = (Fr[])x.Clone(); Device.Ntt(y, NttDirection.Forward); return y; }).ToArray();
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    private sealed class ForeignVector(IComputeDevice device, int length) : FrVector(device, length)
    {
        public override void CopyFrom(ReadOnlySpan<Fr> source) { }
        public override void CopyTo(Span<Fr> destination) { }
    }
}
