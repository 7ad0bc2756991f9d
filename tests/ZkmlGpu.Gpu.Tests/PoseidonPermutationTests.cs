using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// The permutation and the batched CPU hash on random parameters (circomlib's own are tested in ZkmlGpu.Merkle.Tests,
/// which generates them): a random matrix over Fr and its submatrices are invertible with overwhelming probability.
/// </summary>
public class PoseidonPermutationTests
{
    private static PoseidonParameters RandomParameters(int width, int partialRounds, Random rng)
    {
        var constants = new Fr[width * (8 + partialRounds)];
        for (int i = 0; i < constants.Length; i++) constants[i] = Fr.Random(rng);
        var mds = new Fr[width * width];
        for (int i = 0; i < mds.Length; i++) mds[i] = Fr.Random(rng);
        return new PoseidonParameters(width, 8, partialRounds, constants, mds);
    }

    public static TheoryData<int> Widths() => new(Enumerable.Range(2, 16));

    [Theory]
    [MemberData(nameof(Widths))]
    public void OptimisedEqualsPlain(int width)
    {
        var rng = new Random(width);
        foreach (int partial in new[] { 0, 1, 13 })
        {
            var p = RandomParameters(width, partial, rng);
            for (int trial = 0; trial < 5; trial++)
            {
                var a = Enumerable.Range(0, width).Select(_ => Fr.Random(rng)).ToArray();
                var b = (Fr[])a.Clone();
                PoseidonPermutation.PermuteReference(p, a);
                PoseidonPermutation.Permute(p, b);
                Assert.Equal(a, b);
            }
        }
    }

    [Fact]
    public void PlainPermutationFollowsTheDefinition()
    {
        // One full round only would be ambiguous; use 2 full + 1 partial and spell the rounds out with BigInteger-free Fr ops.
        var rng = new Random(3);
        var p = RandomParameters(3, 1, rng);
        p = new PoseidonParameters(3, 2, 1, p.RoundConstants[..9], p.Mds);
        var x = new[] { Fr.Random(rng), Fr.Random(rng), Fr.Random(rng) };
        var expected = (Fr[])x.Clone();
        for (int r = 0; r < 3; r++)
        {
            for (int j = 0; j < 3; j++) expected[j] += p.RoundConstants[3 * r + j];
            for (int j = 0; j < 3; j++)
                if (j == 0 || r != 1) expected[j] = expected[j] * expected[j] * expected[j] * expected[j] * expected[j];
            var y = new Fr[3];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) y[i] += p.Mds[3 * i + j] * expected[j];
            expected = y;
        }
        PoseidonPermutation.PermuteReference(p, x);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void BatchEqualsPerItem()
    {
        using var device = new CpuDevice();
        var rng = new Random(11);
        foreach (int width in new[] { 2, 3, 4, 9, 17 })
        {
            var p = RandomParameters(width, 20, rng);
            foreach (int count in new[] { 0, 1, 63, 64, 1000 })
            {
                var inputs = Enumerable.Range(0, count * (width - 1)).Select(_ => Fr.Random(rng)).ToArray();
                using var vin = device.Upload(inputs);
                using var vout = device.Allocate(count);
                device.PoseidonHash(p, vin, vout);
                var outputs = vout.ToArray();
                for (int i = 0; i < count; i++)
                {
                    var state = new Fr[width];
                    inputs.AsSpan(i * (width - 1), width - 1).CopyTo(state.AsSpan(1));
                    PoseidonPermutation.PermuteReference(p, state);
                    Assert.Equal(state[0], outputs[i]);
                }
            }
        }
    }

    [Fact]
    public void ParametersRejectBadShapes()
    {
        var c = new Fr[3 * 10];
        var m = new Fr[9];
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoseidonParameters(1, 8, 2, new Fr[10], new Fr[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoseidonParameters(3, 7, 3, c, m));
        Assert.Throws<ArgumentException>(() => new PoseidonParameters(3, 8, 3, c, m));
        Assert.Throws<ArgumentException>(() => new PoseidonParameters(3, 8, 2, c, new Fr[8]));
        // A zero matrix has singular submatrices: no sparse form.
        Assert.Throws<ArgumentException>(() => new PoseidonParameters(3, 8, 2, c, m));
    }
}
