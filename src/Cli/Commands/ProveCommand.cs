using System.CommandLine;
using System.Diagnostics;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu prove MODEL --input FILE --out DIR [--settings FILE] [--srs FILE] [--device SPEC[,SPEC…]] [--keys DIR]
/// [--chunks N|auto [--max-log-rows K] | --split-at NODE,…] [--json] [--report FILE] [--resume]`: with chunk options a
/// bundle proven on every listed device (<see cref="BundleProve"/>); else
/// quantizes the model, lays it out as a <see cref="ModelCircuit"/> on the input, proves it and writes DIR; prints one
/// JSON line summarising it. Keys come from the <see cref="KeyCache"/> when an earlier prove or verify made them
/// ("keygen":"cached"). Without --srs the INSECURE development SRS is used, with a warning on stderr.
/// </summary>
/// <remarks>
/// The proof directory (format version 1; `zkml-gpu verify DIR --model MODEL` reads it):
/// <list type="bullet">
/// <item>proof.bin: the proof (<see cref="ProofEncoding"/>: "ZKPF", version, commitments, evaluations, openings).</item>
/// <item>settings.json: the settings the circuit was built from, canonical (<see cref="Zkml.Quantization.Settings.ToJson"/>):
/// those given, or the defaults (ONNX) or the file's own scale and k (zkml). inputVisibility / outputVisibility say
/// what is public.</item>
/// <item>inputs.json: {"inputs":[{"name","shape","scale","quantized","values"}, …]}, the model's public inputs (an
/// empty list when inputs are private); quantized are the integers the circuit holds, values = quantized / 2^scale.</item>
/// A hashed tensor (visibility "hashed") is {"name","shape","scale","hash"} instead: its TensorHash, "0x" + 64 hex digits.
/// <item>outputs.json: {"outputs":[…]}, the public outputs, exactly as `zkml-gpu run` prints them but without "float"
/// (the float model's output is not proven); an empty list when outputs are private.</item>
/// <item>meta.json: formatVersion, model (file name), modelSha256 (the model file's bytes), settingsSha256 (settings.json's
/// bytes), verifyingKeyDigest (Keccak-256 of the key, as transcripts absorb it), srsDigest and srs ("insecure-development"
/// or the digest), k, rowsUsed and rowsAvailable (2^k minus blinding rows), inputVisibility, outputVisibility, keygen
/// ("generated" or "cached"), keygenMs, proveMs and proofBytes.</item>
/// <item>weights.json, under weightVisibility "hashed" only: {"weights":[{"name","shape","hash"}, …]}, column "weights";
/// verify recomputes these from the model file and reports a copy that differs (<see cref="WeightsJson"/>).</item>
/// </list>
/// The verifier's public inputs are built from inputs.json and outputs.json by <see cref="ModelPublicInputs"/>: the
/// instance column "input" holds the public inputs' quantized values, row-major in graph order, and "output" the outputs'.
/// </remarks>
public sealed class ProveCommand : ICliCommand
{
    public Command Build()
    {
        var model = ModelCli.ModelArgument();
        var input = new Option<FileInfo>("--input") { Description = "EZKL input.json or a zkml input .msgpack.", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Directory to write the proof, public inputs and outputs, settings and meta.json to.", Required = true };
        var settings = new Option<FileInfo?>("--settings") { Description = "settings.json (scales, table, inputVisibility/outputVisibility: public, private or hashed; weightVisibility: fixed or hashed)." };
        var srs = SrsSource.Option();
        var keys = KeyCache.Option();
        var deviceOption = new Option<string>("--device") { Description = "Device spec: cpu, cuda:N or opencl:N; with --chunks a comma-separated list (cpu,cuda:0,cuda:1) to prove chunks on in parallel.", DefaultValueFactory = _ => "cpu" };
        var json = new Option<bool>("--json") { Description = "With --chunks: progress as JSON lines (the default when stdout is not a terminal)." };
        var report = new Option<FileInfo?>("--report") { Description = "With --chunks: write the run report (per chunk and device: times, failures) as JSON to FILE." };
        var chunking = new ChunkOptions();
        var command = new Command("prove", "Prove the model's integer forward pass on an input; writes DIR (proof.bin, inputs.json, outputs.json, settings.json, meta.json), or with --chunks / --split-at a bundle (manifest.json, chunk-I.proof, …), and prints a JSON summary.")
        {
            model, input, outDir, settings, srs, keys, deviceOption, json, report,
        };
        foreach (var o in chunking.All) command.Options.Add(o);
        var clustering = new ClusterOptions();
        foreach (var o in clustering.All) command.Options.Add(o);
        command.SetAction((result, cancellation) => Task.FromResult(ModelCli.Run(result, output =>
        {
            var modelFile = result.GetValue(model)!;
            var given = result.GetValue(settings) is { } sf ? ModelCli.ReadSettings(sf) : null;
            var loaded = ModelCli.LoadWith(modelFile, given);
            var q = loaded.Quantized;
            var reproducing = ModelCli.Reproducing(loaded, given);
            if (chunking.Given(result))
            {
                var plan = chunking.Plan(result, q);
                if (clustering.Given(result))
                {
                    var bundleSrs = new SrsSource(result.GetValue(srs));
                    using var bundleDevice = ModelCli.OpenDevice(result.GetValue(deviceOption) ?? "cpu");
                    return ClusterProve.Run(output, result, clustering, modelFile, loaded, given, reproducing, plan, chunking.MaxLogRowsOf(result),
                        result.GetValue(input)!, result.GetValue(outDir)!, bundleSrs, result.GetValue(srs), bundleDevice, result.GetValue(deviceOption) ?? "cpu");
                }
                if (result.GetValue(clustering.Resume) is { } job)
                    throw new UsageException($"--resume {job} names a cluster job: add --cluster redis://…; to finish a local bundle give --resume alone");
                return BundleProve.Run(output, result.InvocationConfiguration.Error, new BundleProveArgs(modelFile, loaded, reproducing, plan, chunking.MaxLogRowsOf(result),
                    result.GetValue(input)!, result.GetValue(outDir)!, new SrsSource(result.GetValue(srs)), result.GetValue(deviceOption) ?? "cpu",
                    result.GetValue(keys), result.GetValue(json), result.GetValue(report), clustering.Resuming(result)), cancellation);
            }
            if (clustering.Given(result)) throw new UsageException("--cluster and --workers prove chunks: give --chunks or --split-at");
            if (clustering.Resuming(result) || result.GetValue(report) is not null || result.GetValue(json))
                throw new UsageException("--json, --report and --resume are for chunked proving: add --chunks N|auto or --split-at");
            if ((result.GetValue(deviceOption) ?? "cpu").Contains(','))
                throw new UsageException("a list of devices proves chunks in parallel: add --chunks N|auto or --split-at");
            byte[] modelSha = ProofDirectory.FileSha256(modelFile), settingsSha = ProofDirectory.SettingsSha256(reproducing);
            var inputs = ModelCli.ReadInputs(loaded, result.GetValue(input)!);
            var circuit = new ModelCircuit(q, inputs); // an unsupported op is a ModelFormatException here, before any keygen
            var source = new SrsSource(result.GetValue(srs));
            var cache = new KeyCache(result.GetValue(keys));
            using var device = ModelCli.OpenDevice(result.GetValue(deviceOption) ?? "cpu");

            var keysUsed = ModelKeys.Proving(q, KeyCache.EntryName(modelSha, settingsSha, source.Digest), cache, source, device);
            using var pk = keysUsed.Key;
            var clock = Stopwatch.StartNew();
            var proof = PlonkProver.Prove(pk, circuit);
            double proveMs = clock.Elapsed.TotalMilliseconds;
            byte[] bytes = ProofEncoding.Encode(proof);
            var publicInputs = circuit.PublicInputs();
            // A few milliseconds that catch a prover or key bug before a bad proof leaves the machine.
            if (!PlonkVerifier.Verify(pk.Vk, ProofEncoding.Decode(bytes, pk.Vk), publicInputs, source.Digest))
                throw new InvalidOperationException("the proof just made does not verify: a prover or key-cache bug");

            var act = circuit.Activations!;
            var layout = new ModelPublicInputs(q);
            var dir = result.GetValue(outDir)!;
            dir.Create();
            var meta = new ProofMeta(ProofMeta.CurrentFormat, modelFile.Name, ProofDirectory.Hex(modelSha), ProofDirectory.Hex(settingsSha),
                pk.Vk.DigestHex, source.Digest.Hex, source.Label, pk.Vk.K, keysUsed.RowsUsed, pk.Vk.Layout.UsableRows,
                ProofDirectory.Name(q.Settings.InputVisibility), ProofDirectory.Name(q.Settings.OutputVisibility),
                keysUsed.Cached ? "cached" : "generated", Math.Round(keysUsed.Ms, 1), Math.Round(proveMs, 1), bytes.Length);
            File.WriteAllBytes(Path.Combine(dir.FullName, ProofDirectory.Proof), bytes);
            File.WriteAllBytes(Path.Combine(dir.FullName, ProofDirectory.Settings), ProofDirectory.SettingsBytes(reproducing));
            File.WriteAllText(Path.Combine(dir.FullName, ProofDirectory.Inputs), TensorJson.Write("inputs", act, layout.Inputs, null, layout));
            File.WriteAllText(Path.Combine(dir.FullName, ProofDirectory.Outputs), TensorJson.Write("outputs", act, layout.Outputs, null, layout));
            if (layout.HashesWeights) File.WriteAllText(Path.Combine(dir.FullName, WeightsJson.File), WeightsJson.Write(q, layout));
            File.WriteAllText(Path.Combine(dir.FullName, ProofDirectory.Meta), meta.ToJson());

            output.WriteLine(ModelCli.Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("op", "prove");
                w.WriteString("dir", dir.FullName);
                w.WriteString("device", device.Spec.ToString());
                w.WriteNumber("k", meta.K);
                w.WriteNumber("rowsUsed", meta.RowsUsed);
                w.WriteNumber("rowsAvailable", meta.RowsAvailable);
                w.WriteString("keygen", meta.Keygen);
                w.WriteNumber("keygenMs", meta.KeygenMs);
                w.WriteNumber("proveMs", meta.ProveMs);
                w.WriteNumber("proofBytes", meta.ProofBytes);
                w.WriteString("verifyingKeyDigest", meta.VerifyingKeyDigest);
                w.WriteString("srs", meta.Srs);
                w.WriteEndObject();
            }));
            return 0;
        })));
        return command;
    }
}
