using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>Batched Poseidon on the vector lanes (eight permutations at once) equals the scalar permutation.</summary>
public class PoseidonLaneTests
{
    private static PoseidonParameters RandomParameters(int width, int partialRounds, Random rng)
    {
        var constants = new Fr[width * (8 + partialRounds)];
        for (int i = 0; i < constants.Length; i++) constants[i] = Fr.Random(rng);
        // A Cauchy matrix 1/(x_i + y_j) is MDS, so every square submatrix is invertible (the sparse form needs that).
        var mds = new Fr[width * width];
        for (int i = 0; i < width; i++)
            for (int j = 0; j < width; j++) mds[i * width + j] = (Fr.FromUInt64((ulong)i) + Fr.FromUInt64((ulong)(width + j))).Inverse();
        return new PoseidonParameters(width, 8, partialRounds, constants, mds);
    }

    [Theory]
    [InlineData(8, 2)]
    [InlineData(8, 3)]
    [InlineData(8, 5)]
    [InlineData(8, 17)]
    [InlineData(4, 3)]
    [InlineData(4, 4)]
    public void HashesMatchScalarPermutation(int width, int t)
    {
        if (width > SimdWidth.Supported) return;
        var rng = new Random(40 + t);
        var parameters = RandomParameters(t, 57, rng);
        using var device = new CpuDevice();
        foreach (int count in new[] { 1, 7, 8, 9, 67, 300 })
        {
            var inputs = new Fr[count * (t - 1)];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = Fr.Random(rng);
            inputs[0] = Fr.Zero;
            if (inputs.Length > 1) inputs[1] = -Fr.One;
            var expected = new Fr[count];
            for (int i = 0; i < count; i++) expected[i] = PoseidonPermutation.Hash(parameters, inputs.AsSpan(i * (t - 1), t - 1));
            using var input = device.Upload(inputs);
            using var output = device.Allocate(count);
            using (SimdWidth.Override(width)) device.PoseidonHash(parameters, input, output);
            Assert.Equal(expected, output.ToArray());
        }
    }
}
