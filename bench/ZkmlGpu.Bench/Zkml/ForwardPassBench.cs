using BenchmarkDotNet.Attributes;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Bench.Zkml;

/// <summary>The exact integer forward pass of lenet_5, the largest shared EZKL example model, with default settings.</summary>
[MemoryDiagnoser]
public class ForwardPassBench
{
    private QuantizedModel _model = null!;
    private IReadOnlyList<long[]> _inputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "data", "models", "ezkl", "lenet_5");
        var inputs = EzklInputReader.Load(Path.Combine(dir, "input.json"));
        _model = Quantizer.Quantize(OnnxImporter.Load(Path.Combine(dir, "network.onnx"), inputs), new Settings());
        _inputs = IntegerExecutor.QuantizeInputs(_model, inputs);
    }

    [Benchmark]
    public Activations Lenet5() => IntegerExecutor.Run(_model, _inputs);
}
