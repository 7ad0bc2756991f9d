using System.CommandLine;
using ZkmlGpu.Gpu;
using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu setup MODEL --chunks N|auto | --split-at NODE,… [--settings FILE] [--srs FILE] [--keys DIR] --out KEYS_DIR`:
/// the chunk plan's keys, once per distinct chunk shape (read from the <see cref="KeyCache"/> when a prove or setup
/// made them, else made and cached), written as <see cref="KeySetDirectory"/>; prints one JSON line with the key set's digest. `zkml-gpu verify BUNDLE --model MODEL --vk KEYS_DIR` then verifies without keygen.
/// </summary>
public sealed class SetupCommand : ICliCommand
{
    public Command Build()
    {
        var model = ModelCli.ModelArgument();
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Directory to write keys.json and the keys to.", Required = true };
        var settings = new Option<FileInfo?>("--settings") { Description = "settings.json (as given to prove)." };
        var srs = SrsSource.Option();
        var keysCache = KeyCache.Option();
        var deviceOption = new Option<string>("--device") { Description = "Device spec for keygen: cpu, cuda:N or opencl:N.", DefaultValueFactory = _ => "cpu" };
        var chunking = new ChunkOptions();
        var command = new Command("setup", "Make the verifying and proving keys of a chunk plan (one pair per distinct chunk shape); writes KEYS_DIR/keys.json and the keys.")
        {
            model, outDir, settings, srs, keysCache, deviceOption,
        };
        foreach (var o in chunking.All) command.Options.Add(o);
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            var modelFile = result.GetValue(model)!;
            var given = result.GetValue(settings) is { } sf ? ModelCli.ReadSettings(sf) : null;
            var loaded = ModelCli.LoadWith(modelFile, given);
            var reproducing = ModelCli.Reproducing(loaded, given);
            var plan = chunking.Plan(result, loaded.Quantized);
            var source = new SrsSource(result.GetValue(srs));
            IComputeDevice device;
            try { device = ComputeDevices.Open(result.GetValue(deviceOption) ?? "cpu"); }
            catch (DeviceNotFoundException e) { throw new UsageException(e.Message); }
            using (device)
            {
                var store = new ChunkKeyCache(new KeyCache(result.GetValue(keysCache)), source, result.InvocationConfiguration.Error);
                using var keys = ChunkKeySet.Create(plan, source.Load, device, chunking.MaxLogRowsOf(result), store);
                var dir = result.GetValue(outDir)!;
                KeySetDirectory.Write(dir, keys, modelFile.Name, ProofDirectory.Hex(ProofDirectory.FileSha256(modelFile)),
                    ProofDirectory.Hex(ProofDirectory.SettingsSha256(reproducing)), source.Digest.Hex);
                output.WriteLine(ModelCli.Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("op", "setup");
                    w.WriteString("dir", dir.FullName);
                    w.WriteNumber("chunks", plan.Chunks.Count);
                    w.WriteNumber("distinctKeys", keys.DistinctKeys);
                    w.WriteNumber("keygenMs", Math.Round(keys.KeygenMs.Sum(), 1));
                    w.WriteStartArray("perChunk");
                    foreach (var c in plan.Chunks)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("index", c.Index);
                        w.WriteString("keygen", BundleWriter.KeygenLabel(keys, c.Index));
                        w.WriteNumber("keygenMs", Math.Round(keys.KeygenMs[c.Index], 1));
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteString("keySetDigest", keys.DigestHex);
                    w.WriteString("keyCache", store.Root);
                    w.WriteString("srs", source.Label);
                    w.WriteEndObject();
                }));
            }
            return 0;
        }));
        return command;
    }
}
