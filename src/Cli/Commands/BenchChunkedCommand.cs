using System.CommandLine;
using System.Diagnostics;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu bench chunked --layers L --width W [--max-log-rows K] [--device SPEC]`: proves a synthetic MLP
/// (<see cref="SyntheticMlp"/>, L × Gemm W×W + Relu) in chunks of at most 2^K rows with an INSECURE development SRS,
/// one chunk after another, and verifies the bundle. Prints one JSON line per chunk as it finishes (rows, k, prove ms,
/// the process's peak memory so far), then a summary: the model's layer rows (what one unchunked circuit would need),
/// keygen, proving, the bundle's batched verification against one chunk's own verification (best of five each), and the
/// peak memory of the whole run — which a chunk's size bounds, not the model's.
/// </summary>
public sealed class BenchChunkedCommand : ICliCommand
{
    public string? Parent => "bench";

    public Command Build()
    {
        var layers = new Option<int>("--layers") { Description = "Gemm + Relu layers (1..100000).", Required = true };
        var width = new Option<int>("--width") { Description = "Neurons per layer (1..4096).", DefaultValueFactory = _ => 256 };
        var maxLogRows = new Option<int>("--max-log-rows") { Description = "Row budget per chunk: 2^K rows (10..24).", DefaultValueFactory = _ => ChunkOptions.DefaultMaxLogRows };
        var deviceOption = new Option<string>("--device") { Description = "Device spec: cpu, cuda:N or opencl:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("chunked", "Prove a synthetic MLP of any size in chunks and verify the bundle: per-chunk times, peak memory, batched verification (development SRS, not secure).")
        {
            layers, width, maxLogRows, deviceOption,
        };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            int l = result.GetValue(layers), w = result.GetValue(width), k = result.GetValue(maxLogRows);
            var total = Stopwatch.StartNew();
            var (model, plan, activations) = SyntheticChunkedModel.Build(l, w, k);
            using var device = ModelCli.OpenDevice(result.GetValue(deviceOption) ?? "cpu");
            long layerRows = model.Graph.Nodes.Sum(ChunkOptions.RowsOf(model));

            var source = new SrsSource(null);
            var clock = Stopwatch.StartNew();
            using var keys = ChunkKeySet.Create(plan, source.Load, device, k);
            double keygenMs = clock.Elapsed.TotalMilliseconds;
            var secrets = ChunkSecrets.Fresh(plan.Chunks.Count);
            var proofs = new List<ChunkProof>(plan.Chunks.Count);
            foreach (var chunk in plan.Chunks)
            {
                var proof = ChunkedProver.Prove(keys, chunk, activations, secrets);
                proofs.Add(proof);
                output.WriteLine(ModelCli.Json(j =>
                {
                    j.WriteStartObject();
                    j.WriteString("event", "chunk-done");
                    j.WriteNumber("chunk", chunk.Index);
                    j.WriteNumber("nodes", chunk.EndNode - chunk.FirstNode);
                    j.WriteNumber("rows", keys.RowsUsed[chunk.Index]);
                    j.WriteNumber("k", keys.For(chunk.Index).Vk.K);
                    j.WriteNumber("proveMs", Math.Round(proof.ProveMs, 1));
                    j.WriteNumber("peakMemoryMiB", PeakMemoryMiB());
                    j.WriteEndObject();
                }));
            }
            double proveMs = proofs.Sum(p => p.ProveMs);

            var vks = plan.Chunks.Select(c => keys.For(c.Index).Vk).ToArray();
            var (verified, reason) = BundleVerifier.Verify(vks, proofs);
            double bundleMs = BenchSupport.BestOfFive(() => BundleVerifier.Verify(vks, proofs));
            var one = proofs[0];
            bool oneVerified = PlonkVerifier.Verify(vks[0], ProofEncoding.Decode(one.Proof, vks[0]), one.PublicInputs);
            double oneMs = BenchSupport.BestOfFive(() => PlonkVerifier.Verify(vks[0], ProofEncoding.Decode(one.Proof, vks[0]), one.PublicInputs));

            output.WriteLine(ModelCli.Json(j =>
            {
                j.WriteStartObject();
                j.WriteString("op", "bench-chunked");
                j.WriteString("model", model.Graph.Name);
                j.WriteNumber("layerRows", layerRows);
                j.WriteNumber("unchunkedLogRows", Math.Ceiling(Math.Log2(layerRows)));
                j.WriteNumber("maxLogRows", k);
                j.WriteNumber("chunks", plan.Chunks.Count);
                j.WriteNumber("maxChunkRows", keys.RowsUsed.Max());
                j.WriteNumber("distinctKeys", keys.DistinctKeys);
                j.WriteNumber("keygenMs", Math.Round(keygenMs, 1));
                j.WriteNumber("proveMs", Math.Round(proveMs, 1));
                j.WriteBoolean("verified", verified && oneVerified);
                if (reason is not null) j.WriteString("reason", reason);
                j.WriteNumber("bundleVerifyMs", Math.Round(bundleMs, 2));
                j.WriteNumber("oneChunkVerifyMs", Math.Round(oneMs, 2));
                j.WriteNumber("bundleOverOneChunk", Math.Round(bundleMs / oneMs, 2));
                j.WriteNumber("peakMemoryMiB", PeakMemoryMiB());
                j.WriteNumber("totalMs", Math.Round(total.Elapsed.TotalMilliseconds, 1));
                j.WriteString("device", device.Spec.ToString());
                j.WriteString("srs", "insecure-development");
                j.WriteEndObject();
            }));
            return verified && oneVerified ? 0 : 1;
        }));
        return command;
    }

    private static long PeakMemoryMiB()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 >> 20;
    }
}
