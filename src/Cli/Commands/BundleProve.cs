using System.Text.Json;
using ZkmlGpu.Gpu;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu prove … --chunks N|auto | --split-at NODE,… [--device cpu,cuda:0,…] [--keys DIR] [--json] [--report FILE]
/// [--resume]`: proves the model's chunks on the listed devices through the <see cref="LocalChunkScheduler"/>
/// (<see cref="ScheduledChunkProver"/>) and writes a bundle directory.
/// </summary>
/// <remarks>
/// The bundle directory (format version 1; `zkml-gpu verify DIR --model MODEL` reads it):
/// <list type="bullet">
/// <item>manifest.json (<see cref="BundleManifest"/>): formatVersion, model, modelSha256, settingsSha256, keySetDigest
/// (<see cref="ChunkKeySet.DigestHex"/>: cuts and every chunk's verifying-key digest), srsDigest, srs, cuts (the node
/// index each chunk but the first begins at), and per chunk in order (<see cref="BundleChunkEntry"/>): index, node range,
/// first and last node names, the edges crossing in and out, the input and output commitments, the proof file, its
/// verifying-key digest, the device that proved it, keygen ("generated"; "cached": read from the key cache; "shared":
/// the key of an earlier chunk of equal shape), keygenMs, proveMs, rows and k.</item>
/// <item>chunk-I.proof: chunk I's proof (ProofEncoding); its public inputs are [I, N, input commitment, output
/// commitment], plus the model's public inputs (chunk 0) and outputs (chunk N − 1).</item>
/// <item>settings.json, inputs.json, outputs.json: as in a single proof directory (<see cref="ProveCommand"/>).</item>
/// </list>
/// The salts of the commitments go to DIR.secrets.json beside the bundle (<see cref="BundleSecretsFile"/>), never into
/// it; they are written first. Each chunk proof is written as soon as it is made and checked, with
/// <see cref="BundleProgress"/> (progress.json), so Ctrl-C (which stops between prover phases) or a killed run keeps
/// every finished chunk, and `--resume` finishes the bundle without proving them again, after checking they were
/// made for this model, settings, SRS, plan, keys, input and secrets file. Chunk keys come from the
/// <see cref="KeyCache"/> (<see cref="ChunkKeyCache"/>) when an earlier run made them; else keygen runs once per
/// distinct chunk shape, on the first device that needs it, and the key is copied to the others.
/// Progress: a live view on a terminal, JSON lines (<see cref="ChunkEventJsonWriter"/>) when stdout is redirected or
/// with --json; then (live only) the summary table and the bundle's path; last, one JSON summary line.
/// </remarks>
internal static class BundleProve
{
    /// <summary>Exit code of a run stopped by Ctrl-C (128 + SIGINT), its finished chunks kept.</summary>
    public const int Stopped = 130;

    public static int Run(TextWriter output, TextWriter error, BundleProveArgs a, CancellationToken cancellation)
    {
        var plan = a.Plan;
        var q = a.Loaded.Quantized;
        int n = plan.Chunks.Count;
        var inputs = ModelCli.ReadInputs(a.Loaded, a.InputFile);
        var activations = IntegerExecutor.Run(q, inputs);
        var workers = Workers(a.Devices);

        var store = new ChunkKeyCache(new KeyCache(a.Keys), a.Srs, error);
        var devices = new List<ChunkDevice>();
        try
        {
            foreach (var w in workers) devices.Add(new ChunkDevice(w, ModelCli.OpenDevice(w.Name)));
            using var keys = ChunkKeySet.Prepare(plan, a.Srs.Load, a.MaxLogRows, store);
            var jobs = ScheduledChunkProver.Jobs(keys);
            var largest = workers.MaxBy(w => w.MemoryBytes)!;
            if (jobs.FirstOrDefault(j => j.MemoryBytes > largest.MemoryBytes) is { } tooBig)
                throw new UsageException($"chunk {tooBig.Chunk} needs about {ZkmlGpu.Gpu.Ilgpu.IlgpuDevices.FormatBytes(tooBig.MemoryBytes)} of device memory; the largest listed device, {largest.Name}, has {ZkmlGpu.Gpu.Ilgpu.IlgpuDevices.FormatBytes(largest.MemoryBytes)}: list a larger device or cut the model into more chunks");

            byte[] modelSha = ProofDirectory.FileSha256(a.ModelFile), settingsSha = ProofDirectory.SettingsSha256(a.Reproducing);
            ChunkSecrets secrets;
            BundleProgress progress;
            var resumed = new List<ChunkResult<ChunkProof>>();
            if (a.Resume)
            {
                progress = BundleProgress.Read(a.Dir);
                CheckResumable(progress, ProofDirectory.Hex(modelSha), ProofDirectory.Hex(settingsSha), a.Srs, plan);
                secrets = BundleSecretsFile.Read(BundleSecretsFile.PathFor(a.Dir), n);
                CheckResumable(progress, secrets, inputs);
                resumed.AddRange(Kept(progress, a.Dir, keys, activations, secrets, devices[0].Device));
            }
            else
            {
                secrets = ChunkSecrets.Fresh(n);
                a.Dir.Create();
                foreach (var stale in a.Dir.GetFiles("chunk-*.proof").Concat(a.Dir.GetFiles(BundleManifest.FileName)).Concat(a.Dir.GetFiles(BundleProgress.FileName)))
                    stale.Delete();
                BundleSecretsFile.Write(a.Dir, null, secrets);
                progress = new BundleProgress(BundleProgress.CurrentFormat, ProofDirectory.Hex(modelSha), ProofDirectory.Hex(settingsSha), a.Srs.Digest.Hex,
                    plan.Cuts.ToArray(), BundleProgress.SaltsDigest(secrets), BundleProgress.InputDigestOf(secrets, inputs), []);
                progress.Write(a.Dir);
            }

            void Keep(ChunkResult<ChunkProof> done)
            {
                var p = done.Value;
                string file = BundleManifest.ProofFile(p.Index);
                BundleProgress.WriteAtomically(Path.Combine(a.Dir.FullName, file), p.Proof);
                progress = progress with
                {
                    Chunks = [.. progress.Chunks.Where(c => c.Index != p.Index), new BundleProgressChunk(p.Index, file,
                        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(p.Proof)), done.Device, Math.Round(p.ProveMs, 1), keys.For(p.Index).Vk.DigestHex)],
                };
                progress.Write(a.Dir);
            }

            var view = ProgressView.ForConsole(n, workers.Select(w => w.Name), a.Json, output);
            ChunkRun<ChunkProof> run;
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                ConsoleCancelEventHandler onCtrlC = (_, e) =>
                {
                    if (stop.IsCancellationRequested) return; // a second Ctrl-C ends the process
                    e.Cancel = true;
                    error.WriteLine("stopping after the prover's current phase; finished chunks are kept (Ctrl-C again to quit now)");
                    stop.Cancel();
                };
                Console.CancelKeyPress += onCtrlC;
                try
                {
                    run = view.ShowAsync(onEvent => ScheduledChunkProver.ProveAsync(keys, activations, secrets, devices,
                        new ScheduledProveOptions { OnEvent = onEvent, OnChunkDone = Keep, Resume = resumed }, cancellation: stop.Token)).GetAwaiter().GetResult();
                }
                catch (ChunkRunFailedException<ChunkProof> e)
                {
                    error.WriteLine($"error: {e.Message} ({e.Finished.Count} of {n} chunks kept in {a.Dir.FullName}; `prove --resume` continues)");
                    return 1;
                }
                catch (ChunkSchedulingException e) { throw new UsageException(e.Message); }
                finally { Console.CancelKeyPress -= onCtrlC; }
            }

            if (a.Report is { } reportFile) File.WriteAllText(reportFile.FullName, ReportJson(run.Report, a.Dir, keys));
            if (!run.IsComplete)
            {
                error.WriteLine($"stopped: {run.Chunks.Count} of {n} chunks kept in {a.Dir.FullName}; run the same command with --resume to finish the bundle");
                output.WriteLine(ModelCli.Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("op", "prove");
                    w.WriteString("bundle", a.Dir.FullName);
                    w.WriteBoolean("stopped", true);
                    w.WriteNumber("chunks", n);
                    w.WriteNumber("chunksDone", run.Chunks.Count);
                    w.WriteStartArray("missing");
                    foreach (int c in run.Missing) w.WriteNumberValue(c);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }));
                return Stopped;
            }

            var proofs = run.Results;
            var proofDevices = run.Chunks.Select(c => c.Device).ToArray();
            var (manifest, secretsPath) = new BundleWriter(a.ModelFile, a.Reproducing, q, keys, a.Srs).Write(a.Dir, proofs, proofDevices, activations, secrets);
            File.Delete(BundleProgress.PathIn(a.Dir));

            if (view.IsLive)
            {
                view.Write(ProgressView.Summary(run.Report, c => (plan.Chunks[c].NodeCount, keys.RowsUsed[c]), c => keys.IsShared(c) || keys.IsCached(c) ? BundleWriter.KeygenLabel(keys, c) : null));
                output.WriteLine($"bundle: {a.Dir.FullName}");
            }
            output.WriteLine(Summary(a, manifest, keys, run, secretsPath, store.Root));
            return 0;
        }
        finally
        {
            foreach (var d in devices) d.Device.Dispose();
        }
    }

    /// <summary>The --device list as workers with their memory; an unknown, repeated or absent device is a one-line usage error.</summary>
    private static IReadOnlyList<ChunkWorker> Workers(string list)
    {
        IReadOnlyList<DeviceSpec> specs;
        try { specs = DeviceSpec.ParseList(list); }
        catch (FormatException e) { throw new UsageException(e.Message); }
        // Only a GPU in the list makes it worth asking the drivers what is present.
        var present = specs.All(s => s.Kind == DeviceKind.Cpu)
            ? [ChunkWorker.For(DeviceSpec.Cpu, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)]
            : ChunkWorkers.Present();
        try { return ChunkWorkers.Resolve(list, present); }
        catch (ChunkSchedulingException e) { throw new UsageException(e.Message); }
    }

    private const string Refuse = "cannot resume: ";

    /// <summary>Refuses kept chunks of another model, settings, SRS or plan.</summary>
    private static void CheckResumable(BundleProgress p, string modelSha, string settingsSha, SrsSource srs, ChunkPlan plan)
    {
        if (p.ModelSha256 != modelSha) throw new UsageException($"{Refuse}the kept chunks were proven for another model file (SHA-256 {p.ModelSha256})");
        if (p.SettingsSha256 != settingsSha) throw new UsageException($"{Refuse}the kept chunks were proven with other settings (SHA-256 {p.SettingsSha256})");
        if (p.SrsDigest != srs.Digest.Hex) throw new UsageException($"{Refuse}the kept chunks were proven with another SRS ({p.SrsDigest})");
        if (!p.Cuts.SequenceEqual(plan.Cuts))
            throw new UsageException($"{Refuse}the kept chunks are of another chunk plan (cuts [{string.Join(",", p.Cuts)}]; now [{string.Join(",", plan.Cuts)}])");
    }

    /// <summary>Refuses kept chunks proven with other salts or on another input.</summary>
    private static void CheckResumable(BundleProgress p, ChunkSecrets secrets, IReadOnlyList<long[]> inputs)
    {
        if (p.SaltsSha256 != BundleProgress.SaltsDigest(secrets))
            throw new UsageException($"{Refuse}the secrets file is not the one the kept chunks were proven with");
        if (p.InputDigest != BundleProgress.InputDigestOf(secrets, inputs)) throw new UsageException($"{Refuse}the kept chunks were proven on another input");
    }

    /// <summary>
    /// The kept chunks as finished results: each proof file must hash as recorded, its key (made now, or read from the
    /// cache) must be the one recorded, and the proof must verify against this run's public values.
    /// </summary>
    private static IEnumerable<ChunkResult<ChunkProof>> Kept(BundleProgress p, DirectoryInfo dir, ChunkKeySet keys, Activations activations, ChunkSecrets secrets, IComputeDevice device)
    {
        var plan = keys.Plan;
        foreach (var c in p.Chunks.OrderBy(c => c.Index))
        {
            if (c.Index < 0 || c.Index >= plan.Chunks.Count || c.Proof != BundleManifest.ProofFile(c.Index))
                throw new UsageException($"cannot resume: {BundleProgress.FileName} lists a chunk {c.Index} the plan does not have");
            string path = Path.Combine(dir.FullName, c.Proof);
            byte[] bytes = File.Exists(path) ? File.ReadAllBytes(path) : throw new UsageException($"cannot resume: {c.Proof} is missing");
            if (Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) != c.ProofSha256)
                throw new UsageException($"cannot resume: {c.Proof} is not the proof that was kept");
            var vk = keys.Make(c.Index, device).Vk;
            if (vk.DigestHex != c.VerifyingKeyDigest) throw new UsageException($"cannot resume: chunk {c.Index} was proven with another key (another build of zkml-gpu)");
            var chunk = plan.Chunks[c.Index];
            var circuit = ChunkedProver.Circuit(plan, chunk, activations, secrets);
            var pub = circuit.PublicInputs();
            var proof = new ChunkProof(c.Index, bytes, pub[0], pub[1], circuit.Statement!, c.ProveMs);
            if (!ChunkedProver.Verify(vk, proof)) throw new UsageException($"cannot resume: chunk {c.Index}'s kept proof does not verify for this input and secrets");
            yield return new ChunkResult<ChunkProof>(c.Index, c.Device, proof) { ProveMs = c.ProveMs };
        }
    }

    private static string Summary(BundleProveArgs a, BundleManifest manifest, ChunkKeySet keys, ChunkRun<ChunkProof> run, string secretsPath, string keyCache) => ModelCli.Json(w =>
    {
        var entries = manifest.Chunks;
        w.WriteStartObject();
        w.WriteString("op", "prove");
        w.WriteString("bundle", a.Dir.FullName);
        w.WriteNumber("chunks", entries.Count);
        w.WriteStartArray("cuts");
        foreach (int c in a.Plan.Cuts) w.WriteNumberValue(c);
        w.WriteEndArray();
        w.WriteString("device", a.Devices);
        w.WriteNumber("distinctKeys", keys.DistinctKeys);
        w.WriteNumber("keygenMs", Math.Round(keys.KeygenMs.Sum(), 1));
        w.WriteNumber("proveMs", Math.Round(entries.Sum(e => e.ProveMs), 1));
        w.WriteNumber("wallMs", Math.Round(run.Report.TotalMs, 1));
        w.WriteNumber("resumed", run.Chunks.Count(c => c.Resumed));
        w.WriteStartArray("perChunk");
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteNumber("index", e.Index);
            w.WriteNumber("nodes", e.EndNode - e.FirstNode);
            w.WriteNumber("rows", e.Rows);
            w.WriteNumber("k", e.K);
            w.WriteString("device", e.Device);
            w.WriteString("keygen", e.Keygen);
            w.WriteNumber("keygenMs", e.KeygenMs);
            w.WriteNumber("proveMs", e.ProveMs);
            w.WriteBoolean("resumed", run.Chunks[e.Index].Resumed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("keySetDigest", keys.DigestHex);
        w.WriteString("keyCache", keyCache);
        if (a.Report is { } report) w.WriteString("report", report.FullName);
        w.WriteString("secrets", secretsPath);
        w.WriteString("secretsNote", "the commitment salts, kept outside the bundle: keep private, do not ship");
        w.WriteString("srs", a.Srs.Label);
        w.WriteEndObject();
    });

    /// <summary>--report: the run per chunk (with its nodes, rows, k and how its key was had) and per device.</summary>
    private static string ReportJson(ChunkRunReport report, DirectoryInfo dir, ChunkKeySet keys)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var plan = keys.Plan;
            w.WriteStartObject();
            w.WriteString("bundle", dir.FullName);
            w.WriteNumber("totalMs", Math.Round(report.TotalMs, 1));
            w.WriteBoolean("cancelled", report.Cancelled);
            w.WriteStartArray("chunks");
            foreach (var r in report.Chunks)
            {
                w.WriteStartObject();
                w.WriteNumber("chunk", r.Chunk);
                w.WriteNumber("nodes", plan.Chunks[r.Chunk].NodeCount);
                w.WriteNumber("rows", keys.RowsUsed[r.Chunk]);
                w.WriteNumber("k", keys.Shape(r.Chunk).MinimumK);
                w.WriteString("device", r.Device);
                w.WriteString("keygen", BundleWriter.KeygenLabel(keys, r.Chunk));
                w.WriteNumber("keygenMs", Math.Round(r.KeygenMs, 1));
                w.WriteNumber("witnessMs", Math.Round(r.WitnessMs, 1));
                w.WriteNumber("proveMs", Math.Round(r.ProveMs, 1));
                w.WriteStartArray("failedOn");
                foreach (var d in r.FailedOn) w.WriteStringValue(d);
                w.WriteEndArray();
                w.WriteBoolean("resumed", r.Resumed);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("devices");
            foreach (var d in report.Devices)
            {
                w.WriteStartObject();
                w.WriteString("device", d.Device);
                w.WriteNumber("chunks", d.Chunks);
                w.WriteNumber("failures", d.Failures);
                w.WriteNumber("proveMs", Math.Round(d.ProveMs, 1));
                w.WriteBoolean("retired", d.Retired);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
