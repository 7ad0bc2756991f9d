using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu bench verify-batch --log-rows K --proofs N [--device SPEC]`: proves the synthetic 2^K-row circuit (up to
/// four different witnesses, reused in turn) with an INSECURE development SRS, then times the verification of one proof
/// and of N proofs as one batch (<see cref="BatchVerifier"/>; the N proofs are parsed in parallel), each the best of five
/// runs after a warm-up, parsing included; prints one JSON line with both times and their ratio.
/// </summary>
public sealed class BenchVerifyBatchCommand : ICliCommand
{
    public string? Parent => "bench";

    public Command Build()
    {
        var logRows = new Option<int>("--log-rows") { Description = "log2 of the circuit's rows (4..22).", Required = true };
        var proofs = new Option<int>("--proofs") { Description = "Proofs in the batch (1..1024).", DefaultValueFactory = _ => 16 };
        var deviceOption = new Option<string>("--device") { Description = "Device spec: cpu, cuda:N or opencl:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("verify-batch", "Time the verification of one proof and of a batch of proofs (development SRS, not secure).");
        command.Options.Add(logRows);
        command.Options.Add(proofs);
        command.Options.Add(deviceOption);
        command.SetAction(parse =>
        {
            int k = parse.GetValue(logRows), n = parse.GetValue(proofs);
            if (k is < 4 or > 22) { Console.Error.WriteLine($"error: --log-rows must be between 4 and 22, got {k}."); return 2; }
            if (n is < 1 or > 1024) { Console.Error.WriteLine($"error: --proofs must be between 1 and 1024, got {n}."); return 2; }
            IComputeDevice device;
            try { device = ComputeDevices.Open(parse.GetValue(deviceOption) ?? "cpu"); }
            catch (Exception e) when (e is FormatException or DeviceNotFoundException) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
            using (device)
            {
                var srs = Srs.CreateInsecureDevelopmentSrs(1 << k, seed: 1);
                SrsWarning.WarnIfInsecure(srs);
                var first = SyntheticCircuit.Build(k, seed: 1);
                using var pk = Keygen.Create(srs, device, first, k);
                // Witnesses differ by seed; the circuit's shape, hence the key, does not.
                var proven = Enumerable.Range(1, Math.Min(n, 4)).Select(seed =>
                {
                    var builder = seed == 1 ? first : SyntheticCircuit.Build(k, seed);
                    return (Bytes: ProofEncoding.Encode(PlonkProver.Prove(pk, builder)), Inputs: builder.PublicInputs);
                }).ToArray();

                bool verified = true;
                double singleMs = Best(() => verified &= PlonkVerifier.Verify(pk.Vk, ProofEncoding.Decode(proven[0].Bytes, pk.Vk), proven[0].Inputs, device));
                double batchMs = Best(() =>
                {
                    var items = new VerificationItem[n];
                    Parallel.For(0, n, i =>
                    {
                        var (bytes, inputs) = proven[i % proven.Length];
                        items[i] = new VerificationItem(pk.Vk, inputs, ProofEncoding.Decode(bytes, pk.Vk));
                    });
                    verified &= BatchVerifier.Verify(items, device: device);
                });
                Console.Out.WriteLine(JsonSerializer.Serialize(new Result("verify-batch", k, n, device.Spec.ToString(),
                    Math.Round(singleMs, 2), Math.Round(batchMs, 2), Math.Round(batchMs / singleMs, 2), verified,
                    srs.IsInsecureDevelopment ? "insecure-development" : srs.Digest.Hex)));
                return verified ? 0 : 1;
            }
        });
        return command;
    }

    /// <summary>Best of five runs after a warm-up: keeps JIT time and a shared machine's noise out.</summary>
    private static double Best(Action run)
    {
        run();
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return best;
    }

    private sealed record Result(
        [property: JsonPropertyName("op")] string Op,
        [property: JsonPropertyName("logRows")] int LogRows,
        [property: JsonPropertyName("proofs")] int Proofs,
        [property: JsonPropertyName("device")] string Device,
        [property: JsonPropertyName("singleMs")] double SingleMs,
        [property: JsonPropertyName("batchMs")] double BatchMs,
        [property: JsonPropertyName("ratio")] double Ratio,
        [property: JsonPropertyName("verified")] bool Verified,
        [property: JsonPropertyName("srs")] string Srs);
}
