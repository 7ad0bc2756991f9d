using System.CommandLine;
using System.Diagnostics;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu bench scheduler --layers L --width W [--max-log-rows K] [--pairs P] [--device SPEC]`: the chunk
/// scheduler's overhead on real proofs. A synthetic MLP (<see cref="SyntheticMlp"/>) is cut into chunks of at most 2^K
/// rows and its keys made once; then P times, in alternating order, every chunk is proven in a plain loop and the same
/// chunks through <see cref="ScheduledChunkProver"/> on the same device. Pairing the runs cancels the slow drift of a
/// shared machine, which exceeds a few percent over minutes. One JSON line per pair, then the medians and the median
/// of the pairs' overheads; the scheduler's last bundle is verified.
/// </summary>
public sealed class BenchSchedulerCommand : ICliCommand
{
    public string? Parent => "bench";

    public Command Build()
    {
        var layers = new Option<int>("--layers") { Description = "Gemm + Relu layers (1..100000).", Required = true };
        var width = new Option<int>("--width") { Description = "Neurons per layer (1..4096).", DefaultValueFactory = _ => 64 };
        var maxLogRows = new Option<int>("--max-log-rows") { Description = "Row budget per chunk: 2^K rows (10..24).", DefaultValueFactory = _ => 14 };
        var pairs = new Option<int>("--pairs") { Description = "Timed loop/scheduler pairs after one warm-up pair (1..1000).", DefaultValueFactory = _ => 10 };
        var deviceOption = new Option<string>("--device") { Description = "Device spec: cpu, cuda:N or opencl:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("scheduler", "Time chunks proven through the scheduler against the same chunks proven in a loop, in alternating pairs (development SRS, not secure).")
        {
            layers, width, maxLogRows, pairs, deviceOption,
        };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            int l = result.GetValue(layers), w = result.GetValue(width), k = result.GetValue(maxLogRows), p = result.GetValue(pairs);
            if (p is < 1 or > 1000) throw new UsageException($"--pairs must lie in 1..1000; got {p}");
            var (model, plan, activations) = SyntheticChunkedModel.Build(l, w, k);
            using var device = ModelCli.OpenDevice(result.GetValue(deviceOption) ?? "cpu");
            var source = new SrsSource(null);
            using var keys = ChunkKeySet.Create(plan, source.Load, device, k);
            var secrets = ChunkSecrets.Fresh(plan.Chunks.Count);
            ChunkDevice[] devices = [ChunkDevice.For(device, long.MaxValue)];

            double Loop() => Time(() => plan.Chunks.Select(c => ChunkedProver.Prove(keys, c, activations, secrets)).ToArray());
            IReadOnlyList<ChunkProof> last = [];
            double Scheduled() => Time(() => last = ScheduledChunkProver.ProveAsync(keys, activations, secrets, devices).GetAwaiter().GetResult().Results);

            Loop();
            Scheduled();
            var loopMs = new double[p];
            var schedulerMs = new double[p];
            var overheads = new double[p];
            for (int i = 0; i < p; i++)
            {
                if (i % 2 == 0) { loopMs[i] = Loop(); schedulerMs[i] = Scheduled(); }
                else { schedulerMs[i] = Scheduled(); loopMs[i] = Loop(); }
                overheads[i] = (schedulerMs[i] - loopMs[i]) / loopMs[i];
                int pair = i;
                output.WriteLine(ModelCli.Json(j =>
                {
                    j.WriteStartObject();
                    j.WriteString("event", "pair");
                    j.WriteNumber("pair", pair + 1);
                    j.WriteNumber("loopMs", Math.Round(loopMs[pair], 1));
                    j.WriteNumber("schedulerMs", Math.Round(schedulerMs[pair], 1));
                    j.WriteNumber("overheadPercent", Math.Round(100 * overheads[pair], 2));
                    j.WriteEndObject();
                }));
            }

            var vks = plan.Chunks.Select(c => keys.For(c.Index).Vk).ToArray();
            var (verified, reason) = BundleVerifier.Verify(vks, last);
            output.WriteLine(ModelCli.Json(j =>
            {
                j.WriteStartObject();
                j.WriteString("op", "bench-scheduler");
                j.WriteString("model", model.Graph.Name);
                j.WriteNumber("chunks", plan.Chunks.Count);
                j.WriteNumber("maxChunkRows", keys.RowsUsed.Max());
                j.WriteNumber("pairs", p);
                j.WriteNumber("loopMedianMs", Math.Round(Median(loopMs), 1));
                j.WriteNumber("schedulerMedianMs", Math.Round(Median(schedulerMs), 1));
                j.WriteNumber("overheadMedianPercent", Math.Round(100 * Median(overheads), 2));
                j.WriteBoolean("verified", verified);
                if (reason is not null) j.WriteString("reason", reason);
                j.WriteString("device", device.Spec.ToString());
                j.WriteString("srs", "insecure-development");
                j.WriteEndObject();
            }));
            return verified ? 0 : 1;
        }));
        return command;
    }

    private static double Time(Action run)
    {
        var clock = Stopwatch.StartNew();
        run();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
