using BenchmarkDotNet.Attributes;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Bench.Prover;

/// <summary>
/// Verification of one proof against a batch of <see cref="Proofs"/> proofs of the synthetic circuit (one key, four
/// different witnesses reused in turn), parsing included:
/// `dotnet run -c Release --project bench/ZkmlGpu.Bench -- --filter '*BatchVerifyBench*' --job short`.
/// Set BATCH_BENCH_LOG_ROWS (default 14) for another circuit size; `zkml-gpu bench verify-batch` gives a quick figure.
/// </summary>
[MemoryDiagnoser]
public class BatchVerifyBench
{
    private IComputeDevice _device = null!;
    private ProvingKey _pk = null!;
    private (byte[] Bytes, IReadOnlyList<ZkmlGpu.Field.Fr[]> Inputs)[] _proofs = null!;

    [ParamsSource(nameof(LogRowsValues))]
    public int LogRows { get; set; }

    [Params(16)]
    public int Proofs { get; set; }

    public static IEnumerable<int> LogRowsValues() =>
        Environment.GetEnvironmentVariable("BATCH_BENCH_LOG_ROWS") is { Length: > 0 } list ? list.Split(',').Select(int.Parse) : [14];

    [GlobalSetup]
    public void Setup()
    {
        _device = new CpuDevice();
        var first = SyntheticCircuit.Build(LogRows, seed: 1);
        _pk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(1 << LogRows, seed: 1), _device, first, LogRows);
        _proofs = Enumerable.Range(1, Math.Min(Proofs, 4)).Select(seed =>
        {
            var builder = seed == 1 ? first : SyntheticCircuit.Build(LogRows, seed);
            return (ProofEncoding.Encode(PlonkProver.Prove(_pk, builder)), (IReadOnlyList<ZkmlGpu.Field.Fr[]>)builder.PublicInputs);
        }).ToArray();
        if (!VerifyBatch()) throw new InvalidOperationException("The benchmark batch does not verify.");
    }

    /// <summary>One proof: parse and verify (one pairing).</summary>
    [Benchmark(Baseline = true)]
    public bool VerifyOne() => PlonkVerifier.Verify(_pk.Vk, ProofEncoding.Decode(_proofs[0].Bytes, _pk.Vk), _proofs[0].Inputs, _device);

    /// <summary><see cref="Proofs"/> proofs: parse (in parallel) and verify as one batch (one pairing).</summary>
    [Benchmark]
    public bool VerifyBatch()
    {
        var items = new VerificationItem[Proofs];
        Parallel.For(0, Proofs, i =>
        {
            var (bytes, inputs) = _proofs[i % _proofs.Length];
            items[i] = new VerificationItem(_pk.Vk, inputs, ProofEncoding.Decode(bytes, _pk.Vk));
        });
        return BatchVerifier.Verify(items, device: _device);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pk.Dispose();
        _device.Dispose();
    }
}
