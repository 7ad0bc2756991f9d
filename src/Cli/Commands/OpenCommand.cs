using System.CommandLine;
using System.Diagnostics;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Merkle;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu open BUNDLE_DIR --boundary I --index J --model MODEL --input FILE [--settings FILE] [--srs FILE]
/// [--secrets FILE] [--device SPEC] --out OPENING.json`: reveals value J of the activations crossing cut I of a
/// chunked proof, with a zero-knowledge proof that it is committed there (<see cref="BoundaryOpening"/>). Re-runs the
/// integer forward pass for the boundary's values, takes the salt from the prover's secrets file
/// (<see cref="BundleSecretsFile"/>) and refuses to open unless the recomputed commitment equals the manifest's.
/// Prints one JSON line; exit code 2 for usage and I/O errors.
/// </summary>
public sealed class OpenCommand : ICliCommand
{
    public Command Build()
    {
        var bundleArgument = new Argument<DirectoryInfo>("BUNDLE_DIR") { Description = "A bundle written by `zkml-gpu prove --chunks`." };
        var boundary = new Option<int>("--boundary") { Description = "The cut: I in 1..N−1 is between chunk I−1 and chunk I (0 is the model input, N its output).", Required = true };
        var index = new Option<int>("--index") { Description = "The value's position among the boundary's values (its tensors concatenated in order).", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "The model the bundle proves: .onnx or zkml .msgpack.", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "The input the bundle was proved on.", Required = true };
        var settings = new Option<FileInfo?>("--settings") { Description = "Settings the bundle was proved with (default: BUNDLE_DIR/settings.json if present)." };
        var secrets = new Option<FileInfo?>("--secrets") { Description = "The prover's secrets file (default: BUNDLE_DIR.secrets.json)." };
        var srs = SrsSource.Option();
        var deviceOption = new Option<string>("--device") { Description = "Device spec: cpu, cuda:N or opencl:N.", DefaultValueFactory = _ => "cpu" };
        var outFile = new Option<FileInfo>("--out") { Description = "The opening file to write.", Required = true };
        var command = new Command("open", "Reveal one committed boundary value of a chunked proof with a zero-knowledge proof that it is committed there; writes OPENING.json.")
        {
            bundleArgument, boundary, index, model, input, settings, secrets, srs, deviceOption, outFile,
        };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            var clock = Stopwatch.StartNew();
            var bundle = result.GetValue(bundleArgument)!;
            var manifest = BundleCommitments.Read(bundle);
            if (manifest.Cuts is not { } cuts) throw new UsageException($"{BundleCommitments.ManifestName} has no \"cuts\": the boundary's values cannot be recomputed");
            int cut = result.GetValue(boundary);
            Fr expected = manifest.At(cut);
            var salts = BundleSecretsFile.Read(result.GetValue(secrets)?.FullName ?? BundleSecretsFile.PathFor(bundle), manifest.Chunks);

            var settingsFile = result.GetValue(settings) ?? new FileInfo(Path.Combine(bundle.FullName, "settings.json"));
            var loaded = ModelCli.LoadWith(result.GetValue(model)!, settingsFile.Exists || result.GetValue(settings) is not null ? ModelCli.ReadSettings(settingsFile) : null);
            var q = loaded.Quantized;
            var plan = new ChunkPlan(q, cuts, _ => 0);
            var edges = cut < plan.Chunks.Count ? plan.Chunks[cut].Inputs : plan.Chunks[^1].Outputs;
            var activations = IntegerExecutor.Run(q, ModelCli.ReadInputs(loaded, result.GetValue(input)!));
            long[] values = edges.SelectMany(e => activations[e].Data).ToArray();
            int j = result.GetValue(index);
            if (j < 0 || j >= values.Length) throw new UsageException($"--index {j} is not in 0..{values.Length - 1} (boundary {cut} carries {values.Length} values)");
            Fr salt = salts.Salts[cut];
            if (BoundaryCommitment.Compute(values.Select(Fr.FromInt64).ToArray(), salt) != expected)
                throw new UsageException($"the values recomputed at boundary {cut} do not match the manifest's commitment: another model, input, settings or secrets file than the bundle's");

            // The scale of the tensor value j belongs to.
            string edge = edges[0];
            for (int at = 0, i = 0; i < edges.Count; at += activations[edges[i]].Data.Length, i++)
                if (j < at + activations[edges[i]].Data.Length) { edge = edges[i]; break; }
            int? scale = q.Graph[edge].Scale;

            var source = new SrsSource(result.GetValue(srs));
            int k = BoundaryOpeningCircuit.MinimumK(values.Length);
            using var device = ModelCli.OpenDevice(result.GetValue(deviceOption) ?? "cpu");
            var opening = BoundaryOpening.Open(values, salt, j, source.Load(k), device, cut, scale);
            var outPath = result.GetValue(outFile)!;
            File.WriteAllText(outPath.FullName, opening.ToJson());
            output.WriteLine(ModelCli.Json(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("boundary", cut);
                w.WriteNumber("index", j);
                w.WriteNumber("count", values.Length);
                w.WriteString("tensor", edge);
                w.WriteNumber("value", opening.Value);
                if (opening.RealValue is { } real) w.WriteNumber("realValue", real);
                w.WriteString("commitment", BoundaryOpening.Hex(expected));
                w.WriteNumber("k", k);
                w.WriteNumber("ms", Math.Round(clock.Elapsed.TotalMilliseconds, 1));
                w.WriteString("out", outPath.FullName);
                w.WriteEndObject();
            }));
            return 0;
        }));
        return command;
    }
}
