using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Merkle;

namespace ZkmlGpu.Bench.Merkle;

/// <summary>
/// The Poseidon LeanIMT root of 2^LogSize leaves on the CPU backend, all cores (target for 2^20: ≤ 5 s on 2 cores):
/// `dotnet run -c Release --project bench/ZkmlGpu.Bench -- --filter '*MerkleRootBench*' --job short`; set
/// MERKLE_BENCH_LOG_SIZE=16 for a quick run.
/// </summary>
[MemoryDiagnoser]
public class MerkleRootBench
{
    /// <summary>16 and 20, or the comma-separated list in MERKLE_BENCH_LOG_SIZE.</summary>
    [ParamsSource(nameof(LogSizeValues))]
    public int LogSize { get; set; }

    public static IEnumerable<int> LogSizeValues() =>
        Environment.GetEnvironmentVariable("MERKLE_BENCH_LOG_SIZE") is { Length: > 0 } list ? list.Split(',').Select(int.Parse) : [16, 20];

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
