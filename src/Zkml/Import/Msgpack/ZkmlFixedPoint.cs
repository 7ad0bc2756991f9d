using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// zkml's fixed-point rules (gadgets `var_div` and `bias_div_round_relu6`). Division rounds half up, i.e.
/// c = floor((2a + b) / 2b): zkml shifts a negative dividend by a multiple of b that keeps it non-negative and
/// divides unsigned with (a + b/2) / b, which is the same thing. Lookup tables hold 2^k − 9 values starting at
/// −2^(k−1), so rescaled results outside that window have no valid witness.
/// </summary>
public readonly record struct ZkmlFixedPoint(long Scale, int K)
{
    /// <summary>zkml's shift S = sf²·2^17: dividends below −S wrap in its witness code, so they are refused.</summary>
    public long DivisionShift => checked(Scale * Scale * (1L << 17));

    public long LookupMin => -(1L << (K - 1));

    /// <summary>Largest value the 2^k − 9 row tables accept (zkml: max_val = 2^(k−1) − 10).</summary>
    public long LookupMax => (1L << (K - 1)) - 10;

    /// <summary>Round-half-up division by a positive divisor, as zkml's witness computes it.</summary>
    public long RoundDiv(long a, long b)
    {
        if (a < -(DivisionShift / b * b))
            throw new ModelExecutionException($"dividend {a} is below zkml's division range (−{DivisionShift})");
        return FloorDiv(checked(2 * a + b), 2 * b);
    }

    /// <summary>Checks a value that zkml range-checks through its 2^k-row lookup table.</summary>
    public long InLookup(long v, string what) =>
        v < LookupMin || v > LookupMax
            ? throw new ModelExecutionException($"{what}: {v} is outside zkml's lookup range [{LookupMin}, {LookupMax}] for k={K}")
            : v;

    public static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
