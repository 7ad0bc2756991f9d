using System.Numerics;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// Moves a zkml model to another global scale 2^scale and table size 2^k: every stored integer w (at scale sf)
/// becomes round_half_even(w · 2^scale / sf), zkml's converter rounding (NumPy's round). Going up a scale adds no
/// information about the original float weights; it only gives the activations finer steps.
/// </summary>
public static class ZkmlMsgpackRequantizer
{
    public static ZkmlMsgpackModel Rescale(ZkmlMsgpackModel model, int scale, int k)
    {
        if (scale is < 1 or > 24) throw new ModelFormatException($"zkml scale 2^{scale} is outside 2^1..2^24");
        if (k is < 2 or > 30) throw new ModelFormatException($"zkml k = {k} is outside 2..30");
        long target = 1L << scale;
        var tensors = model.Tensors.Select(t => t with { Data = t.Data.Select(w => Convert(w, model.GlobalScale, target)).ToArray() }).ToList();
        return model with { GlobalScale = target, K = k, Tensors = tensors };
    }

    /// <summary>Exact round-half-even of w · to / from.</summary>
    public static long Convert(long w, long from, long to)
    {
        var num = (BigInteger)w * to;
        var q = BigInteger.DivRem(num, from, out var r);
        if (r < 0) { q -= 1; r += from; } // floor
        var twice = 2 * r;
        if (twice > from || (twice == from && !q.IsEven)) q += 1;
        return (long)q;
    }

    /// <summary>Quantizes a real input the way zkml's input converter does: round_half_even(x · sf).</summary>
    public static long QuantizeInput(double x, long sf) => (long)Math.Round(x * sf, MidpointRounding.ToEven);
}
