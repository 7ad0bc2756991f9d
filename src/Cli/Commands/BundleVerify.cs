using System.Diagnostics;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu verify BUNDLE_DIR --model MODEL [--vk KEYS_DIR]`: checks a bundle (format in <see cref="BundleProve"/>'s
/// comment). The plan is rebuilt from the manifest's cuts and the model; the verifying keys are regenerated (or read
/// from `setup`'s directory, digests checked), never taken from the bundle; the manifest's digests and chunk list are
/// compared with them; each chunk's public inputs are rebuilt from the manifest's commitments and inputs.json /
/// outputs.json; and <see cref="BundleVerifier"/> checks positions, the chain and every proof in one batched pairing.
/// </summary>
internal static class BundleVerify
{
    public static int Run(TextWriter output, Stopwatch clock, DirectoryInfo dir, FileInfo modelFile, FileInfo? settingsOverride, SrsSource source, DirectoryInfo? vkDir)
    {
        string File(string name) => Path.Combine(dir.FullName, name);
        var manifest = BundleManifest.FromJson(ReadText(File(BundleManifest.FileName)));
        ModelCli.Exists(modelFile);
        var settingsFile = settingsOverride ?? new FileInfo(File(ProofDirectory.Settings));
        var used = ModelCli.ReadSettings(settingsFile);
        string settingsSha = ProofDirectory.Hex(ProofDirectory.SettingsSha256(used));
        string? keygen = null;
        double? keygenMs = null, checkMs = null;
        int chunkCount = manifest.Chunks.Count;

        int Verdict(string? reason)
        {
            output.WriteLine(ModelCli.Json(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("verified", reason is null);
                w.WriteNumber("chunks", chunkCount);
                w.WriteNumber("ms", Math.Round(clock.Elapsed.TotalMilliseconds, 1));
                if (reason is null) w.WriteNull("reason"); else w.WriteString("reason", reason);
                w.WriteString("keySetDigest", manifest.KeySetDigest);
                if (keygen is null) w.WriteNull("keygen"); else w.WriteString("keygen", keygen);
                if (keygenMs is { } km) w.WriteNumber("keygenMs", Math.Round(km, 1));
                if (checkMs is { } cm) w.WriteNumber("bundleCheckMs", Math.Round(cm, 1));
                w.WriteEndObject();
            }));
            return reason is null ? 0 : 1;
        }

        string modelSha = ProofDirectory.Hex(ProofDirectory.FileSha256(modelFile));
        if (modelSha != manifest.ModelSha256)
            return Verdict($"model differs: the bundle is for a model with SHA-256 {manifest.ModelSha256}, {modelFile.Name} has {modelSha}");
        if (settingsSha != manifest.SettingsSha256)
            return Verdict($"settings differ: the bundle was made with settings SHA-256 {manifest.SettingsSha256}, {settingsFile.Name} has {settingsSha}");
        if (source.Digest.Hex != manifest.SrsDigest)
            return Verdict($"SRS differs: the bundle was made with SRS {manifest.SrsDigest}, the verifier has {source.Digest.Hex}");

        var q = ModelCli.LoadWith(modelFile, used).Quantized;
        ChunkPlan plan;
        try { plan = new ChunkPlan(q, manifest.Cuts, ChunkOptions.RowsOf(q)); }
        catch (ArgumentException e) { return Verdict($"manifest.json's cuts do not fit the model: {e.Message}"); }
        int n = plan.Chunks.Count;
        if (ChunkListProblem(manifest, plan, dir) is { } problem) return Verdict(problem);

        // The keys: from setup's directory (digests checked) or regenerated; the verifier's key for chunk i is vks[i].
        VerifyingKey[] vks;
        string keySetDigest;
        var keyClock = Stopwatch.StartNew();
        if (vkDir is not null)
        {
            var loaded = KeySetDirectory.LoadVerifyingKeys(vkDir, out string? bad);
            if (loaded is not { } l) return Verdict($"the key directory is unusable: {bad}");
            if (l.KeySetDigest != manifest.KeySetDigest) return Verdict($"key set differs: the manifest names {manifest.KeySetDigest}, the key directory has {l.KeySetDigest}");
            if (!l.Cuts.SequenceEqual(plan.Cuts)) return Verdict($"the key directory is for cuts [{string.Join(",", l.Cuts)}]; the bundle's are [{string.Join(",", plan.Cuts)}]");
            if (l.Keys.Any(k => k.Kzg.Digest != source.Digest)) return Verdict("the key directory's keys were made with another SRS");
            (keySetDigest, vks, keygen) = (l.KeySetDigest, l.Keys, "loaded");
        }
        else
        {
            using var device = new CpuDevice();
            using var keys = ChunkKeySet.Create(plan, source.Load, device);
            (keySetDigest, vks, keygen) = (keys.DigestHex, plan.Chunks.Select(c => keys.For(c.Index).Vk).ToArray(), "generated");
        }
        keygenMs = keyClock.Elapsed.TotalMilliseconds;
        for (int i = 0; i < n; i++)
            if (vks[i].DigestHex != manifest.Chunks[i].VerifyingKeyDigest)
                return Verdict($"chunk {i}: verifying key differs: the manifest names {manifest.Chunks[i].VerifyingKeyDigest}, {(vkDir is null ? "the model and settings give" : "the key directory has")} {vks[i].DigestHex}");
        if (keySetDigest != manifest.KeySetDigest)
            return Verdict($"key set differs: the manifest names {manifest.KeySetDigest}, {(vkDir is null ? "the model, settings and cuts give" : "the key directory has")} {keySetDigest}");

        Fr[][] model;
        try
        {
            var layout = new ModelPublicInputs(q);
            var inputs = TensorJson.Read(ReadText(File(ProofDirectory.Inputs)), "inputs", q, layout.Inputs);
            var outputs = TensorJson.Read(ReadText(File(ProofDirectory.Outputs)), "outputs", q, layout.Outputs);
            model = layout.Instance(e => inputs.TryGetValue(e, out var v) ? v : outputs[e]);
        }
        catch (Exception e) when (e is TensorJsonException or ArgumentException) { return Verdict($"public inputs or outputs do not fit the model: {e.Message}"); }

        var proofs = new ChunkProof[n];
        for (int i = 0; i < n; i++)
        {
            var e = manifest.Chunks[i];
            if (BundleManifest.ParseFr(e.InputCommitment) is not { } cin) return Verdict($"chunk {i}: inputCommitment is not a 32-byte field element in hex");
            if (BundleManifest.ParseFr(e.OutputCommitment) is not { } cout) return Verdict($"chunk {i}: outputCommitment is not a 32-byte field element in hex");
            proofs[i] = new ChunkProof(e.Index, System.IO.File.ReadAllBytes(File(e.Proof)), i == 0 ? model[0] : [], i == n - 1 ? model[1] : [],
                new ChunkStatement(e.Index, n, cin, cout), 0);
        }
        // Timed apart from keygen: what a verifier holding the keys pays (positions, chain, one batched pairing).
        var checkClock = Stopwatch.StartNew();
        var (ok, reason) = BundleVerifier.Verify(vks, proofs);
        checkMs = checkClock.Elapsed.TotalMilliseconds;
        return Verdict(ok ? null : reason);
    }

    /// <summary>Why the manifest's chunk list is not the plan's (extra, missing, repeated, out of order, other node ranges, a missing proof file), or null.</summary>
    private static string? ChunkListProblem(BundleManifest manifest, ChunkPlan plan, DirectoryInfo dir)
    {
        int n = plan.Chunks.Count;
        var seen = new HashSet<int>();
        foreach (var e in manifest.Chunks)
            if (!seen.Add(e.Index)) return $"chunk {e.Index} appears more than once in manifest.json";
        if (manifest.Chunks.Count > n) return $"manifest.json lists {manifest.Chunks.Count} chunks; its cuts make {n} (extra entries)";
        if (manifest.Chunks.Count < n) return $"manifest.json lists {manifest.Chunks.Count} chunks; its cuts make {n}: chunk {Enumerable.Range(0, n).First(i => !seen.Contains(i))} is missing";
        var files = new HashSet<string>();
        for (int i = 0; i < n; i++)
        {
            var e = manifest.Chunks[i];
            var c = plan.Chunks[i];
            if (e.Index != i) return $"manifest.json entry {i} is chunk {e.Index}: chunks out of order";
            if (e.FirstNode != c.FirstNode || e.EndNode != c.EndNode)
                return $"chunk {i}: the manifest gives nodes [{e.FirstNode}, {e.EndNode}); the cuts give [{c.FirstNode}, {c.EndNode})";
            if (Path.GetFileName(e.Proof) != e.Proof || e.Proof.Length == 0) return $"chunk {i}: proof file '{e.Proof}' is not a file name inside the bundle";
            if (!files.Add(e.Proof)) return $"chunk {i}: proof file {e.Proof} is named by another chunk too";
            if (!System.IO.File.Exists(Path.Combine(dir.FullName, e.Proof))) return $"chunk {i}: proof file {e.Proof} is missing";
        }
        return null;
    }

    private static string ReadText(string path) =>
        System.IO.File.Exists(path) ? System.IO.File.ReadAllText(path) : throw new UsageException($"file not found: {path}");
}
