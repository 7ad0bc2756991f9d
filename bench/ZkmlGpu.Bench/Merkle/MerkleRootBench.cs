using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Merkle;

namespace ZkmlGpu.Bench.Merkle;

/// <summary>The Poseidon LeanIMT root of 2^LogSize leaves on the CPU backend, all cores (target for 2^20: ≤ 7 s on 2 cores).</summary>
[MemoryDiagnoser]
public class MerkleRootBench
{
    [Params(16, 20)]
    public int LogSize { get; set; }

    private IComputeDevice _device = null!;
    private Fr[] _leaves = null!;

    [GlobalSetup]
    public void Setup()
    {
        _device = ComputeDevices.Open(DeviceSpec.Cpu);
        var rng = new Random(2);
        _leaves = new Fr[1 << LogSize];
        for (int i = 0; i < _leaves.Length; i++) _leaves[i] = Fr.Random(rng);
        Poseidon.Parameters(3);
    }

    [Benchmark]
    public Fr Root() => MerkleTree.ComputeRoot(_leaves, _device);

    [GlobalCleanup]
    public void Cleanup() => _device.Dispose();
}
