using BenchmarkDotNet.Attributes;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Bench.Prover;

/// <summary>
/// Prove and verify the synthetic PLONK circuit (8 advice columns, a multiplication gate, copies, one lookup) on the
/// CPU device: `dotnet run -c Release --project bench/ZkmlGpu.Bench -- --filter '*PlonkBench*' --job short`.
/// Keygen runs once in the setup (its time is reported by `zkml-gpu bench prove`).
/// </summary>
[MemoryDiagnoser]
public class PlonkBench
{
    private IComputeDevice _device = null!;
    private ProvingKey _pk = null!;
    private CircuitBuilder _builder = null!;
    private Proof _proof = null!;
    private byte[] _proofBytes = null!;

    [Params(10, 16)]
    public int LogRows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _device = new CpuDevice();
        _builder = SyntheticCircuit.Build(LogRows);
        _pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << LogRows, seed: 1), _device, _builder, LogRows);
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
