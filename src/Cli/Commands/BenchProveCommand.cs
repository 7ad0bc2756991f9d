using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu bench prove --log-rows K [--device SPEC]`: keygen, prove and verify the synthetic 2^K-row circuit
/// (8 advice columns, a multiplication gate, copies, one lookup) with an INSECURE development SRS; prints one JSON line.
/// keygenMs and proveMs are single runs; verifyMs is the best of five (after a warm-up), parsing included. The "srs"
/// field names the SRS the key records: "insecure-development" here, so the figures are never mistaken for a secure setup.
/// </summary>
public sealed class BenchProveCommand : ICliCommand
{
    public string? Parent => "bench";

    public Command Build()
    {
        var logRows = new Option<int>("--log-rows") { Description = "log2 of the circuit's rows (4..22).", Required = true };
        var verbose = new Option<bool>("--verbose") { Description = "Print the prover's phase timings to stderr." };
        var deviceOption = new Option<string>("--device") { Description = "Device spec: cpu, cuda:N or opencl:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("prove", "Time keygen, proving and verification of a synthetic PLONK circuit (development SRS, not secure).");
        command.Options.Add(logRows);
        command.Options.Add(deviceOption);
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            int k = parse.GetValue(logRows);
            if (k is < 4 or > 22) { Console.Error.WriteLine($"error: --log-rows must be between 4 and 22, got {k}."); return 2; }
            IComputeDevice device;
            try { device = ComputeDevices.Open(parse.GetValue(deviceOption) ?? "cpu"); }
            catch (Exception e) when (e is FormatException or DeviceNotFoundException) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
            using (device)
            {
                var srs = Srs.CreateInsecureDevelopmentSrs(1 << k, seed: 1);
                SrsWarning.WarnIfInsecure(srs);
                var circuit = new SyntheticCircuit(k);
                var shape = CircuitShape.Of(circuit); // keygen reads the shape alone
                var builder = circuit.Witness();
                var clock = Stopwatch.StartNew();
                using var pk = Keygen.Create(srs, device, shape, k);
                double keygenMs = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var options = parse.GetValue(verbose)
                    ? new ProverOptions { OnPhase = (phase, time) => Console.Error.WriteLine($"  {phase,-22} {time.TotalMilliseconds,10:F1} ms") }
                    : new ProverOptions();
                var proof = PlonkProver.Prove(pk, builder, options: options);
                double proveMs = clock.Elapsed.TotalMilliseconds;
                var bytes = ProofEncoding.Encode(proof);
                var inputs = builder.PublicInputs;
                // The verifier parses the bytes, as a real one would; every run's verdict counts.
                bool verified = true;
                double verifyMs = BenchSupport.BestOfFive(() => verified &= PlonkVerifier.Verify(pk.Vk, ProofEncoding.Decode(bytes, pk.Vk), inputs));
                Console.Out.WriteLine(JsonSerializer.Serialize(new ProveResult("prove", k, device.Spec.ToString(),
                    Math.Round(keygenMs, 1), Math.Round(proveMs, 1), Math.Round(verifyMs, 2), bytes.Length, verified,
                    pk.Vk.Kzg.IsInsecureDevelopment ? "insecure-development" : pk.Vk.Kzg.Digest.Hex)));
                return verified ? 0 : 1;
            }
        });
        return command;
    }

    private sealed record ProveResult(
        [property: JsonPropertyName("op")] string Op,
        [property: JsonPropertyName("logRows")] int LogRows,
        [property: JsonPropertyName("device")] string Device,
        [property: JsonPropertyName("keygenMs")] double KeygenMs,
        [property: JsonPropertyName("proveMs")] double ProveMs,
        [property: JsonPropertyName("verifyMs")] double VerifyMs,
        [property: JsonPropertyName("proofBytes")] int ProofBytes,
        [property: JsonPropertyName("verified")] bool Verified,
        [property: JsonPropertyName("srs")] string Srs);
}
