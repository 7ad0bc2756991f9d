using System.CommandLine;
using System.Diagnostics;
using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu verify DIR --model MODEL [--settings FILE] [--srs FILE] [--keys DIR] [--vk KEYS_DIR]`: a bundle (DIR holds
/// manifest.json) goes to <see cref="BundleVerify"/>; otherwise checks a proof directory written by
/// `zkml-gpu prove` (format in <see cref="ProveCommand"/>'s comment) and prints one JSON line
/// {"verified","ms","reason","settingsSha256","keygen"}; reason is null when verified. Exit code 0 when verified, 1
/// when not, 2 for usage and I/O errors (a missing file, malformed JSON).
/// </summary>
/// <remarks>
/// The verifying key is regenerated from MODEL and the settings (--settings, else DIR/settings.json), or read from the
/// verifier's own key cache; no key in DIR is ever read. meta.json's digests (model, settings, SRS, verifying key) are
/// compared with what the verifier rebuilt, so a mismatch is reported as such; then the public inputs are built from
/// inputs.json and outputs.json (<see cref="ModelPublicInputs"/>, each field checked against the model) and the proof
/// is verified against them and the key. Only that last check makes a proof valid.
/// </remarks>
public sealed class VerifyCommand : ICliCommand
{
    public Command Build()
    {
        var dirArgument = new Argument<DirectoryInfo>("DIR") { Description = "A proof directory written by `zkml-gpu prove`." };
        var model = new Option<FileInfo>("--model") { Description = "The model the proof must be for: .onnx or zkml .msgpack.", Required = true };
        var settings = new Option<FileInfo?>("--settings") { Description = "Settings to rebuild the circuit with (default: DIR/settings.json)." };
        var srs = SrsSource.Option();
        var keys = KeyCache.Option();
        var vkOption = new Option<DirectoryInfo?>("--vk") { Description = "For a bundle: the key directory `zkml-gpu setup` wrote (instead of regenerating the keys)." };
        var command = new Command("verify", "Verify a proof directory or a chunk bundle against a model; prints {\"verified\",\"ms\",\"reason\",…}, exit code 0 only when verified.")
        {
            dirArgument, model, settings, srs, keys, vkOption,
        };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            var clock = Stopwatch.StartNew();
            var dir = result.GetValue(dirArgument)!;
            if (!dir.Exists) throw new UsageException($"directory not found: {dir.FullName}");
            string File(string name) => Path.Combine(dir.FullName, name);
            if (System.IO.File.Exists(File(BundleManifest.FileName)))
                return BundleVerify.Run(output, clock, dir, result.GetValue(model)!, result.GetValue(settings), new SrsSource(result.GetValue(srs)), result.GetValue(vkOption));
            if (result.GetValue(vkOption) is not null) throw new UsageException($"--vk is for bundles; {dir.FullName} has no {BundleManifest.FileName}");
            var meta = ProofMeta.FromJson(ReadText(File(ProofDirectory.Meta)));
            var modelFile = result.GetValue(model)!;
            ModelCli.Exists(modelFile);
            var settingsFile = result.GetValue(settings) ?? new FileInfo(File(ProofDirectory.Settings));
            var used = ModelCli.ReadSettings(settingsFile);
            string settingsSha = ProofDirectory.Hex(ProofDirectory.SettingsSha256(used));
            string? keygen = null;

            int Verdict(string? reason)
            {
                output.WriteLine(ModelCli.Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("verified", reason is null);
                    w.WriteNumber("ms", Math.Round(clock.Elapsed.TotalMilliseconds, 1));
                    if (reason is null) w.WriteNull("reason"); else w.WriteString("reason", reason);
                    w.WriteString("settingsSha256", settingsSha);
                    if (keygen is null) w.WriteNull("keygen"); else w.WriteString("keygen", keygen);
                    w.WriteEndObject();
                }));
                return reason is null ? 0 : 1;
            }

            byte[] modelSha = ProofDirectory.FileSha256(modelFile);
            if (ProofDirectory.Hex(modelSha) != meta.ModelSha256)
                return Verdict($"model differs: the proof is for a model with SHA-256 {meta.ModelSha256}, {modelFile.Name} has {ProofDirectory.Hex(modelSha)}");
            if (settingsSha != meta.SettingsSha256)
                return Verdict($"settings differ: the proof was made with settings SHA-256 {meta.SettingsSha256}, {settingsFile.Name} has {settingsSha}");
            var source = new SrsSource(result.GetValue(srs));
            if (source.Digest.Hex != meta.SrsDigest)
                return Verdict($"SRS differs: the proof was made with SRS {meta.SrsDigest}, the verifier has {source.Digest.Hex}");

            var q = ModelCli.LoadWith(modelFile, used).Quantized;
            var cache = new KeyCache(result.GetValue(keys));
            var keys1 = ModelKeys.Verifying(q, KeyCache.EntryName(modelSha, ProofDirectory.SettingsSha256(used), source.Digest), cache, source);
            keygen = keys1.Cached ? "cached" : "generated";
            var vk = keys1.Key;
            if (vk.DigestHex != meta.VerifyingKeyDigest)
                return Verdict($"verifying key differs: the proof names {meta.VerifyingKeyDigest}, the model and settings give {vk.DigestHex}");

            var layout = new ModelPublicInputs(q);
            Fr[][] instance;
            try
            {
                var inputs = TensorJson.ReadInstance(ReadText(File(ProofDirectory.Inputs)), "inputs", q, layout, layout.Inputs);
                var outputs = TensorJson.ReadInstance(ReadText(File(ProofDirectory.Outputs)), "outputs", q, layout, layout.Outputs);
                instance = layout.InstanceOf(e => inputs.TryGetValue(e, out var v) ? v : outputs[e]);
            }
            catch (TensorJsonException e) { return Verdict($"public inputs or outputs do not fit the model: {e.Message}"); }
            catch (ArgumentException e) { return Verdict($"public inputs or outputs do not fit the model: {e.Message}"); }

            if (WeightsJson.Mismatch(File(WeightsJson.File), layout) is { } weightsDiffer) return Verdict(weightsDiffer);

            Proof proof;
            try { proof = ProofEncoding.Decode(ReadBytes(File(ProofDirectory.Proof)), vk); }
            catch (InvalidEncodingException e) { return Verdict($"proof.bin is malformed: {e.Message}"); }
            return PlonkVerifier.Verify(vk, proof, instance, source.Digest)
                ? Verdict(null)
                : Verdict("the proof does not verify for this model and these public inputs and outputs");
        }));
        return command;
    }

    private static string ReadText(string path) =>
        System.IO.File.Exists(path) ? System.IO.File.ReadAllText(path) : throw new UsageException($"file not found: {path}");

    private static byte[] ReadBytes(string path) =>
        System.IO.File.Exists(path) ? System.IO.File.ReadAllBytes(path) : throw new UsageException($"file not found: {path}");
}
