using ZkmlGpu.Cluster.Coordinator;
using ZkmlGpu.Cluster.Messages;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cluster.Tests;

/// <summary>EZKL's 2l_relu_fc in two chunks, with the coordinator's keys, made once for all cluster tests.</summary>
public sealed class TestModel
{
    public const string File = "data/models/ezkl/2l_relu_fc/network.onnx";
    private static readonly Lazy<TestModel> shared = new(() => new TestModel());

    public static TestModel Shared => shared.Value;

    private TestModel()
    {
        Blob = new ModelBlob("network.onnx", System.IO.File.ReadAllBytes(File), []);
        Model = Load(Blob);
        var rowsOf = new ModelCircuit(Model);
        Plan = ChunkPlanner.Even(Model, 2, n => rowsOf.RowsOf(n), 14);
        Keys = ChunkKeySet.Create(Plan, SrsFor, Device);
        Activations = IntegerExecutor.Run(Model, IntegerExecutor.QuantizeInputs(Model, [[0.0168f, 0.0787f, 0.0846f]]));
    }

    public static QuantizedModel Load(ModelBlob blob) => Quantizer.Quantize(OnnxImporter.Load(blob.Model, blob.FileName), new Settings());

    public static Srs SrsFor(int k) => Srs.CreateInsecureDevelopmentSrs(1 << k, 1);

    public static string SrsDigest { get; } = Srs.CreateInsecureDevelopmentSrs(2, 1).Digest.Hex;

    public CpuDevice Device { get; } = new();
    public ModelBlob Blob { get; }
    public QuantizedModel Model { get; }
    public ChunkPlan Plan { get; }
    public ChunkKeySet Keys { get; }
    public Activations Activations { get; }
    public VerifyingKey[] Vks => Plan.Chunks.Select(c => Keys.For(c.Index).Vk).ToArray();

    /// <summary>A job on this model with fresh salts, waiting for two workers.</summary>
    public ClusterJob Job(string id) => new()
    {
        JobId = id,
        Model = Blob,
        Keys = Keys,
        Activations = Activations,
        Secrets = ChunkSecrets.Fresh(Plan.Chunks.Count),
        SrsDigest = SrsDigest,
        MinWorkers = 2,
        WorkerWait = TimeSpan.FromSeconds(30),
    };
}
