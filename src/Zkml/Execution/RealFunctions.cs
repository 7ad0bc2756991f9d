using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>
/// The real function of each element-wise non-linear op, written once: the integer executor tabulates it on the
/// quantized input, the float executor applies it directly.
/// </summary>
internal static class RealFunctions
{
    public static Func<double, double> Of(Node n) => n.Op switch
    {
        OpKind.Sigmoid => v => 1 / (1 + Math.Exp(-v)),
        OpKind.Tanh => Math.Tanh,
        OpKind.Erf => Erf,
        OpKind.Softplus => v => v > 30 ? v : Math.Log(1 + Math.Exp(v)),
        OpKind.Exp => Math.Exp,
        OpKind.Sqrt => Math.Sqrt,
        OpKind.Reciprocal => v => 1 / v,
        OpKind.Log => Math.Log,
        OpKind.LeakyRelu => v => v >= 0 ? v : ((ScalarAttributes)n.Attributes).Value * v,
        OpKind.HardSigmoid => v => Math.Max(0, Math.Min(1, ((HardSigmoidAttributes)n.Attributes).Alpha * v + ((HardSigmoidAttributes)n.Attributes).Beta)),
        OpKind.Pow => v => Math.Pow(v, ((ScalarAttributes)n.Attributes).Value),
        _ => throw new InvalidOperationException($"{n.Op} is not an element-wise real function"),
    };

    /// <summary>
    /// erf to about 1e-15 absolute (and relative near 0): the Maclaurin series below |x| = 2, where its alternating
    /// terms stay small; above, 1 − erfc with erfc from its continued fraction, which converges fast there.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x), r;
        if (ax < 2)
        {
            // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 100 && Math.Abs(term) > 1e-17 * sum; n++)
            {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else if (ax < 6)
        {
            // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail.
            double t = ax;
            for (int k = 100; k >= 1; k--) t = ax + k / 2.0 / t;
            r = 1 - Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / t;
        }
        else r = 1; // erfc(6) ≈ 2e-17 is below double precision near 1
        return x < 0 ? -r : r;
    }
}
