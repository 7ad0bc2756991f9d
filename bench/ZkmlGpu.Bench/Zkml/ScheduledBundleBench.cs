using BenchmarkDotNet.Attributes;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Quantization;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Bench.Zkml;

/// <summary>
/// Scheduler overhead on real proofs (target ≤ 3%): 2l_relu_fc in three chunks proven on one CPU device through
/// <see cref="ScheduledChunkProver"/> (witness prefetch, placement, each proof checked against its key) vs the same
/// chunks proven with <see cref="ChunkedProver.Prove(ChunkKeySet, Chunk, Activations, ChunkSecrets, ZkmlGpu.Prover.Plonk.ProverOptions?)"/>
/// in a loop. Keys are made once in setup. Overhead = (Scheduler − Loop) / Loop; CheckEachProof times the one piece of
/// work the scheduler adds, which this machine's run-to-run noise (several percent on 5 s) can hide.
/// `dotnet run -c Release --project bench/ZkmlGpu.Bench -- --filter '*ScheduledBundleBench*'`
/// </summary>
public class ScheduledBundleBench
{
    private CpuDevice _device = null!;
    private ChunkKeySet _keys = null!;
    private Activations _activations = null!;
    private ChunkSecrets _secrets = null!;
    private ChunkProof[] _proofs = [];

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "data", "models", "ezkl", "2l_relu_fc");
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        var model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs), new Settings());
        var plan = ChunkPlanner.Even(model, 3, _ => 1);
        _device = new CpuDevice();
        _keys = ChunkKeySet.Create(plan, k => Srs.CreateInsecureDevelopmentSrs(1 << k, 5), _device);
        _activations = IntegerExecutor.Run(model, IntegerExecutor.QuantizeInputs(model, inputs));
        _secrets = ChunkSecrets.Fresh(plan.Chunks.Count);
        _proofs = Loop().ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keys.Dispose();
        _device.Dispose();
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyList<ChunkProof> Loop() => _keys.Plan.Chunks.Select(c => ChunkedProver.Prove(_keys, c, _activations, _secrets)).ToArray();

    /// <summary>The scheduler's one extra piece of work: each chunk's proof checked against its key (as it does on arrival).</summary>
    [Benchmark]
    public bool CheckEachProof() => _proofs.All(p => ChunkedProver.Verify(_keys.For(p.Index).Vk, p));

    [Benchmark]
    public async Task<IReadOnlyList<ChunkProof>> Scheduler() =>
        (await ScheduledChunkProver.ProveAsync(_keys, _activations, _secrets, [ChunkDevice.For(_device, 1L << 40)])).Results;
}
