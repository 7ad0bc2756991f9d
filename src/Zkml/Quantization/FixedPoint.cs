namespace ZkmlGpu.Zkml.Quantization;

/// <summary>The rounding rules every integer op uses: half away from zero, as EZKL.</summary>
public static class FixedPoint
{
    /// <summary>round(x · 2^scale), half away from zero; NaN and ±∞ are the caller's to reject.</summary>
    public static double Quantize(double x, int scale) => Math.Round(Math.ScaleB(x, scale), MidpointRounding.AwayFromZero);

    public static double Dequantize(long v, int scale) => Math.ScaleB(v, -scale);

    /// <summary>a / b rounded half away from zero, b &gt; 0.</summary>
    public static long RoundDiv(long a, long b)
    {
        long abs = a < 0 ? -a : a;
        long q = Math.DivRem(abs, b, out long r);
        if (r >= b - r) q++;
        return a < 0 ? -q : q;
    }

    /// <summary>a · 2^-shift rounded half away from zero (shift ≥ 0).</summary>
    public static long Rescale(long a, int shift)
    {
        if (shift == 0) return a;
        long half = 1L << (shift - 1);
        return a >= 0 ? (a + half) >> shift : -((-a + half) >> shift);
    }
}
