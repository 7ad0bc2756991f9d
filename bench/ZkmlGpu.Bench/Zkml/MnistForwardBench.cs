using BenchmarkDotNet.Attributes;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Bench.Zkml;

/// <summary>The exact integer forward pass of zkml's MNIST model (tests/data/models/zkml-mnist) on its input, one core.</summary>
[MemoryDiagnoser]
public class MnistForwardBench
{
    private QuantizedModel _model = null!;
    private long[][] _inputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        string dir = FindDataDir();
        _model = ZkmlMsgpackImporter.ImportQuantized(Path.Combine(dir, "model.msgpack"));
        _inputs = [ZkmlMsgpackReader.ReadInputs(Path.Combine(dir, "inp.msgpack"))[0].Data];
    }

    [Benchmark]
    public Activations Forward() => IntegerExecutor.Run(_model, _inputs);

    // BenchmarkDotNet runs a generated copy of this project, so look upwards from both the binary and the working directory.
    private static string FindDataDir()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "tests", "data", "models", "zkml-mnist");
                if (File.Exists(Path.Combine(candidate, "model.msgpack"))) return candidate;
            }
        throw new FileNotFoundException("tests/data/models/zkml-mnist not found above " + AppContext.BaseDirectory);
    }
}
