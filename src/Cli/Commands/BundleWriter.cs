using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// Writes a bundle directory (format in <see cref="BundleProve"/>'s comment) from finished chunk proofs, whoever
/// proved them (one device, the local scheduler or a cluster). The proofs are verified together first, so a prover,
/// key or worker bug never leaves a bad bundle behind.
/// </summary>
internal sealed record BundleWriter(
    FileInfo ModelFile,
    Settings Reproducing,
    QuantizedModel Model,
    ChunkKeySet Keys,
    SrsSource Srs)
{
    /// <summary>Verifies and writes; <paramref name="devices"/>[i] names the device that proved chunk i. Returns the manifest and the secrets file's path.</summary>
    public (BundleManifest Manifest, string SecretsPath) Write(DirectoryInfo dir, IReadOnlyList<ChunkProof> proofs, IReadOnlyList<string> devices,
        Activations activations, ChunkSecrets secrets)
    {
        var plan = Keys.Plan;
        if (proofs.Count != plan.Chunks.Count || devices.Count != plan.Chunks.Count)
            throw new ArgumentException($"expected {plan.Chunks.Count} chunk proofs and devices; got {proofs.Count} and {devices.Count}");
        var vks = plan.Chunks.Select(c => Keys.For(c.Index).Vk).ToArray();
        var (ok, why) = BundleVerifier.Verify(vks, proofs);
        if (!ok) throw new InvalidOperationException($"the bundle just made does not verify ({why}): a prover bug");

        byte[] modelSha = ProofDirectory.FileSha256(ModelFile), settingsSha = ProofDirectory.SettingsSha256(Reproducing);
        dir.Create();
        foreach (var stale in dir.GetFiles("chunk-*.proof").Concat(dir.GetFiles(ProofDirectory.Meta)).Concat(dir.GetFiles(ProofDirectory.Proof)))
            stale.Delete();
        var g = Model.Graph;
        var entries = plan.Chunks.Select(c =>
        {
            var p = proofs[c.Index];
            var vk = Keys.For(c.Index).Vk;
            string file = BundleManifest.ProofFile(c.Index);
            File.WriteAllBytes(Path.Combine(dir.FullName, file), p.Proof);
            return new BundleChunkEntry(c.Index, c.FirstNode, c.EndNode, g.Nodes[c.FirstNode].Name, g.Nodes[c.EndNode - 1].Name,
                c.Inputs, c.Outputs, BundleManifest.Hex(p.Statement.InputCommitment), BundleManifest.Hex(p.Statement.OutputCommitment),
                file, p.Proof.Length, vk.DigestHex, devices[c.Index], KeygenLabel(Keys, c.Index),
                Math.Round(Keys.KeygenMs[c.Index], 1), Math.Round(p.ProveMs, 1), Keys.RowsUsed[c.Index], vk.K);
        }).ToArray();
        var manifest = new BundleManifest(BundleManifest.CurrentFormat, ModelFile.Name, ProofDirectory.Hex(modelSha), ProofDirectory.Hex(settingsSha),
            Keys.DigestHex, Srs.Digest.Hex, Srs.Label, plan.Cuts.ToArray(), entries);
        var layout = new ModelPublicInputs(Model);
        File.WriteAllBytes(Path.Combine(dir.FullName, ProofDirectory.Settings), ProofDirectory.SettingsBytes(Reproducing));
        File.WriteAllText(Path.Combine(dir.FullName, ProofDirectory.Inputs), TensorJson.Write("inputs", activations, layout.Inputs, null));
        File.WriteAllText(Path.Combine(dir.FullName, ProofDirectory.Outputs), TensorJson.Write("outputs", activations, layout.Outputs, null));
        File.WriteAllText(Path.Combine(dir.FullName, BundleManifest.FileName), manifest.ToJson());
        string secretsPath = BundleSecretsFile.Write(dir, Keys.DigestHex, secrets);
        return (manifest, secretsPath);
    }

    /// <summary>How a chunk got its key: "generated", "cached" (read from the key cache) or "shared" (an earlier chunk's of equal shape).</summary>
    public static string KeygenLabel(ChunkKeySet keys, int chunk) =>
        keys.IsShared(chunk) ? "shared" : keys.IsCached(chunk) ? "cached" : "generated";
}
