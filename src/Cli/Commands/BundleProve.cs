using ZkmlGpu.Gpu;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu prove … --chunks N|auto | --split-at NODE,…`: proves the model chunk by chunk and writes a bundle directory.
/// </summary>
/// <remarks>
/// The bundle directory (format version 1; `zkml-gpu verify DIR --model MODEL` reads it):
/// <list type="bullet">
/// <item>manifest.json (<see cref="BundleManifest"/>): formatVersion, model, modelSha256, settingsSha256, keySetDigest
/// (<see cref="ChunkKeySet.DigestHex"/>: cuts and every chunk's verifying-key digest), srsDigest, srs, cuts (the node
/// index each chunk but the first begins at), and per chunk in order (<see cref="BundleChunkEntry"/>): index, node range,
/// first and last node names, the edges crossing in and out, the input and output commitments, the proof file, its
/// verifying-key digest, device, keygen ("generated"; "shared": the key of an earlier chunk of equal shape),
/// keygenMs, proveMs, rows and k.</item>
/// <item>chunk-I.proof: chunk I's proof (ProofEncoding); its public inputs are [I, N, input commitment, output
/// commitment], plus the model's public inputs (chunk 0) and outputs (chunk N − 1).</item>
/// <item>settings.json, inputs.json, outputs.json: as in a single proof directory (<see cref="ProveCommand"/>).</item>
/// </list>
/// The salts of the commitments go to DIR.secrets.json beside the bundle (<see cref="BundleSecretsFile"/>), never into it.
/// Keys are not taken from the key cache: keygen runs once per distinct chunk shape.
/// </remarks>
internal static class BundleProve
{
    public static int Run(TextWriter output, FileInfo modelFile, LoadedModel loaded, Settings reproducing, ChunkPlan plan, int maxLogRows,
        FileInfo inputFile, DirectoryInfo dir, SrsSource source, IComputeDevice device)
    {
        var q = loaded.Quantized;
        var inputs = ModelCli.ReadInputs(loaded, inputFile);
        var activations = IntegerExecutor.Run(q, inputs);

        using var keys = ChunkKeySet.Create(plan, source.Load, device, maxLogRows);
        var secrets = ChunkSecrets.Fresh(plan.Chunks.Count);
        var proofs = plan.Chunks.Select(c => ChunkedProver.Prove(keys, c, activations, secrets)).ToArray();
        var devices = plan.Chunks.Select(_ => device.Spec.ToString()).ToArray();
        var (manifest, secretsPath) = new BundleWriter(modelFile, reproducing, q, keys, source).Write(dir, proofs, devices, activations, secrets);
        var entries = manifest.Chunks;

        output.WriteLine(ModelCli.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("op", "prove");
            w.WriteString("bundle", dir.FullName);
            w.WriteNumber("chunks", entries.Count);
            w.WriteStartArray("cuts");
            foreach (int c in plan.Cuts) w.WriteNumberValue(c);
            w.WriteEndArray();
            w.WriteString("device", device.Spec.ToString());
            w.WriteNumber("distinctKeys", keys.DistinctKeys);
            w.WriteNumber("keygenMs", Math.Round(keys.KeygenMs.Sum(), 1));
            w.WriteNumber("proveMs", Math.Round(proofs.Sum(p => p.ProveMs), 1));
            w.WriteStartArray("perChunk");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteNumber("index", e.Index);
                w.WriteNumber("rows", e.Rows);
                w.WriteNumber("k", e.K);
                w.WriteString("keygen", e.Keygen);
                w.WriteNumber("keygenMs", e.KeygenMs);
                w.WriteNumber("proveMs", e.ProveMs);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("keySetDigest", keys.DigestHex);
            w.WriteString("keyCache", "not used for bundles: keygen runs once per distinct chunk shape");
            w.WriteString("secrets", secretsPath);
            w.WriteString("secretsNote", "the commitment salts, kept outside the bundle: keep private, do not ship");
            w.WriteString("srs", source.Label);
            w.WriteEndObject();
        }));
        return 0;
    }
}
