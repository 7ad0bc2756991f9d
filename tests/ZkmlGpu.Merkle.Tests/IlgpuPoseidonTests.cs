using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Merkle.Tests;

/// <summary>The ILGPU Poseidon kernels (width 3 in registers, other widths generic) on circomlib's real constants.</summary>
public sealed class IlgpuPoseidonTests : IDisposable
{
    private readonly IlgpuDevice _device = IlgpuDevices.OpenCpuAccelerator();

    public void Dispose() => _device.Dispose();

    private Fr[] Hash(int width, Fr[] inputs)
    {
        using var input = _device.Upload(inputs);
        using var output = _device.Allocate(inputs.Length / (width - 1));
        _device.PoseidonHash(Poseidon.Parameters(width), input, output);
        return output.ToArray();
    }

    [Fact]
    public void SharedCircomlibVectorsMatchOnTheDevice()
    {
        using var doc = TestData.Load("poseidon-circomlib.json");
        int count = 0;
        foreach (var entry in doc.RootElement.EnumerateArray())
        {
            var inputs = entry.GetProperty("inputs").EnumerateArray().Select(e => Fr.FromBigInteger(BigInteger.Parse(e.GetString()!))).ToArray();
            var expected = BigInteger.Parse(entry.GetProperty("hash").GetString()!);
            Assert.Equal(expected, Hash(inputs.Length + 1, inputs)[0].ToBigInteger());
            count++;
        }
        Assert.Equal(48, count);
    }

    [Fact]
    public void MerkleLevelOfPairsMatchesHost()
    {
        var rng = new Random(77);
        var leaves = Enumerable.Range(0, 128).Select(_ => Fr.Random(rng)).ToArray();
        var parents = Hash(3, leaves);
        for (int i = 0; i < 64; i++) Assert.Equal(Poseidon.Hash(leaves[2 * i], leaves[2 * i + 1]), parents[i]);
        Assert.Equal(BigInteger.Parse("7853200120776062878684798364095072458815029376092732009249414926327459813530"),
            Hash(3, [Fr.FromUInt64(1), Fr.FromUInt64(2)])[0].ToBigInteger());
    }
}
