using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Bench.Merkle;

/// <summary>
/// Batched Poseidon t = 3 hashes (Merkle nodes) on one thread, per permutation per core: Width 1 is the scalar
/// permutation, 4 and 8 the lane kernels (eight permutations at once). Run: <c>--filter '*PoseidonBatchBench*'</c>.
/// </summary>
public class PoseidonBatchBench
{
    private const int Hashes = 256;
    private PoseidonParameters _t3 = null!;
    private Fr[] _inputs = [], _outputs = [];

    [Params(1, 4, 8)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _t3 = ZkmlGpu.Merkle.Poseidon.Parameters(3);
        var rng = new Random(1);
        _inputs = Enumerable.Range(0, 2 * Hashes).Select(_ => Fr.Random(rng)).ToArray();
        _outputs = new Fr[Hashes];
    }

    [Benchmark(OperationsPerInvoke = Hashes)]
    public void HashT3()
    {
        if (Width > SimdWidth.Supported) return;
        switch (Width)
        {
            case 8: PoseidonLanes<FrLanes512>.HashRange(_t3, _inputs, _outputs, 0, Hashes); break;
            case 4: PoseidonLanes<FrLanes256>.HashRange(_t3, _inputs, _outputs, 0, Hashes); break;
            default:
                for (int i = 0; i < Hashes; i++) _outputs[i] = PoseidonPermutation.Hash(_t3, _inputs.AsSpan(2 * i, 2));
                break;
        }
    }
}
