using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Bench.Merkle;

/// <summary>One Poseidon permutation on one thread: t = 3 (target ≤ 12 µs), plus the plain form and wider states for comparison.</summary>
[MemoryDiagnoser]
public class PoseidonBench
{
    private PoseidonParameters _t3 = null!, _t5 = null!, _t17 = null!;
    private readonly Fr[] _state3 = new Fr[3], _state5 = new Fr[5], _state17 = new Fr[17];

    [GlobalSetup]
    public void Setup()
    {
        _t3 = ZkmlGpu.Merkle.Poseidon.Parameters(3);
        _t5 = ZkmlGpu.Merkle.Poseidon.Parameters(5);
        _t17 = ZkmlGpu.Merkle.Poseidon.Parameters(17);
        var rng = new Random(1);
        foreach (var s in new[] { _state3, _state5, _state17 })
            for (int i = 0; i < s.Length; i++) s[i] = Fr.Random(rng);
    }

    [Benchmark(Baseline = true)]
    public Fr PermuteT3() { PoseidonPermutation.Permute(_t3, _state3); return _state3[0]; }

    [Benchmark]
    public Fr PermuteT3Plain() { PoseidonPermutation.PermuteReference(_t3, _state3); return _state3[0]; }

    [Benchmark]
    public Fr PermuteT5() { PoseidonPermutation.Permute(_t5, _state5); return _state5[0]; }

    [Benchmark]
    public Fr PermuteT17() { PoseidonPermutation.Permute(_t17, _state17); return _state17[0]; }
}
