using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// The synthetic MLP that `bench chunked` and `bench scheduler` prove (<see cref="SyntheticMlp"/>): sizes checked,
/// quantized, cut into chunks of at most 2^maxLogRows rows, and run on a fixed random input.
/// </summary>
internal sealed record SyntheticChunkedModel(QuantizedModel Model, ChunkPlan Plan, Activations Activations)
{
    public static SyntheticChunkedModel Build(int layers, int width, int maxLogRows)
    {
        if (layers is < 1 or > 100_000) throw new UsageException($"--layers must lie in 1..100000; got {layers}");
        if (width is < 1 or > 4096) throw new UsageException($"--width must lie in 1..4096; got {width}");
        if (maxLogRows is < 10 or > 24) throw new UsageException($"--max-log-rows must lie in 10..24; got {maxLogRows}");
        var model = Quantizer.Quantize(SyntheticMlp.Build(layers, width), new Settings());
        var plan = ChunkPlanner.AutoWithin(model, maxLogRows, ChunkOptions.RowsOf(model), ChunkOptions.CommitRowsPerValue);
        var random = new Random(2);
        long limit = 1L << model.Settings.InputScale;
        long[] x = Enumerable.Range(0, width).Select(_ => random.NextInt64(-limit, limit + 1)).ToArray();
        return new SyntheticChunkedModel(model, plan, IntegerExecutor.Run(model, [x]));
    }
}
