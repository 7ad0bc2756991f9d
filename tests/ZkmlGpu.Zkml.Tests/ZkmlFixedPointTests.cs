using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Tests;

public class ZkmlFixedPointTests
{
    private static readonly ZkmlFixedPoint Fp = new(512, 15);

    // zkml computes rounded_div on a dividend shifted by a multiple of b into the unsigned range, and rounded_div
    // for unsigned integers is (a + b/2) / b: so ties go up (toward +∞) for negative dividends too.
    [Theory]
    [InlineData(59, 4, 15)]
    [InlineData(58, 4, 15)]
    [InlineData(57, 4, 14)]
    [InlineData(-57, 4, -14)]
    [InlineData(-58, 4, -14)] // a tie: up, unlike rounding half away from zero (−15)
    [InlineData(-59, 4, -15)]
    [InlineData(-6, 4, -1)]
    [InlineData(6, 4, 2)]
    [InlineData(256, 512, 1)]
    [InlineData(-256, 512, 0)]
    [InlineData(-257, 512, -1)]
    [InlineData(13, 9, 1)]
    [InlineData(-14, 9, -2)]
    public void RoundDivRoundsHalfUp(long a, long b, long expected) => Assert.Equal(expected, Fp.RoundDiv(a, b));

    [Fact]
    public void DividendBelowZkmlsShiftIsRefused()
    {
        long s = 512L * 512 * (1 << 17); // zkml's shift_min_val magnitude for sf = 512
        Assert.Equal(-s / 512, Fp.RoundDiv(-s, 512));
        Assert.Throws<ModelExecutionException>(() => Fp.RoundDiv(-s - 1, 512));
    }

    [Fact]
    public void LookupWindowIsTwoToTheKMinusOneMinusTen()
    {
        Assert.Equal(-16384, Fp.LookupMin);
        Assert.Equal(16374, Fp.LookupMax);
        Assert.Equal(16374, Fp.InLookup(16374, "x"));
        Assert.Throws<ModelExecutionException>(() => Fp.InLookup(16375, "x"));
        Assert.Throws<ModelExecutionException>(() => Fp.InLookup(-16385, "x"));
    }
}
