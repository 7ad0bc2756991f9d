using BenchmarkDotNet.Attributes;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Bench.Prover;

/// <summary>
/// Prove and verify the synthetic PLONK circuit (8 advice columns, a multiplication gate, copies, one lookup) on the
/// CPU device: `dotnet run -c Release --project bench/ZkmlGpu.Bench -- --filter '*PlonkBench*' --job short`.
/// Keygen runs once in the setup (its time is reported by `zkml-gpu bench prove`). Set PLONK_BENCH_LOG_ROWS=10 for a
/// quick run (2^16 takes minutes per iteration on a loaded 2-core machine).
/// </summary>
[MemoryDiagnoser]
public class PlonkBench
{
    private IComputeDevice _device = null!;
    private ProvingKey _pk = null!;
    private CircuitBuilder _builder = null!;
    private Proof _proof = null!;
    private byte[] _proofBytes = null!;

    /// <summary>10 and 16, or the comma-separated list in PLONK_BENCH_LOG_ROWS (e.g. "10" for a quick run).</summary>
    [ParamsSource(nameof(LogRowsValues))]
    public int LogRows { get; set; }

    public static IEnumerable<int> LogRowsValues() =>
        Environment.GetEnvironmentVariable("PLONK_BENCH_LOG_ROWS") is { Length: > 0 } list
            ? list.Split(',').Select(int.Parse)
            : [10, 16];

    [GlobalSetup]
    public void Setup()
    {
        _device = new CpuDevice();
        var circuit = new SyntheticCircuit(LogRows);
        _builder = circuit.Witness();
        _pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << LogRows, seed: 1), _device, circuit, LogRows);
        _proof = PlonkProver.Prove(_pk, _builder);
        _proofBytes = ProofEncoding.Encode(_proof);
        if (!PlonkVerifier.Verify(_pk.Vk, _proof, _builder.PublicInputs)) throw new InvalidOperationException("The benchmark proof does not verify.");
    }

    [Benchmark]
    public Proof Prove() => PlonkProver.Prove(_pk, _builder);

    /// <summary>Parses the proof bytes and verifies (one multi-pairing).</summary>
    [Benchmark]
    public bool Verify() => PlonkVerifier.Verify(_pk.Vk, ProofEncoding.Decode(_proofBytes, _pk.Vk), _builder.PublicInputs);

    [GlobalCleanup]
    public void Cleanup()
    {
        _pk.Dispose();
        _device.Dispose();
    }
}
