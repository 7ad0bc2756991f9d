using System.Numerics;
using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>Independent reference arithmetic for the tests: plain double-and-add over the scalar's bits.</summary>
internal static class CurveTestHelpers
{
    public static G1Jacobian Multiply(G1Jacobian p, BigInteger k)
    {
        var result = G1Jacobian.Infinity;
        for (long i = (long)k.GetBitLength() - 1; i >= 0; i--)
        {
            result = result.Double();
            if (!(k >> (int)i).IsEven) result += p;
        }
        return result;
    }

    public static G1Jacobian NaiveMsm(IReadOnlyList<G1Affine> bases, IReadOnlyList<Fr> scalars)
    {
        var sum = G1Jacobian.Infinity;
        for (int i = 0; i < scalars.Count; i++) sum += Multiply(bases[i].ToJacobian(), scalars[i].ToBigInteger());
        return sum;
    }

    /// <summary>Distinct pseudo-random points: small random multiples of the generator.</summary>
    public static G1Affine[] RandomPoints(Random rng, int n)
    {
        var g = G1Jacobian.Generator;
        var points = new G1Affine[n];
        for (int i = 0; i < n; i++) points[i] = Multiply(g, rng.NextInt64(1, long.MaxValue)).ToAffine();
        return points;
    }
}
