using System.Text.Json;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// The key directory `zkml-gpu setup` writes and `verify --vk` reads: keys.json (formatVersion, model, modelSha256,
/// settingsSha256, srsDigest, keySetDigest, cuts, and per chunk its verifying- and proving-key files and
/// verifying-key digest) and one chunk-I.vk / chunk-I.pk pair per distinct chunk shape (I: the first chunk using it;
/// <see cref="KeyEncoding"/>). A verifier recomputes every verifying key's digest and the set's digest on load.
/// </summary>
internal static class KeySetDirectory
{
    public const string FileName = "keys.json";
    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    private sealed record ChunkKeys(int Index, string VerifyingKey, string ProvingKey, string VerifyingKeyDigest);

    private sealed record Index(int FormatVersion, string Model, string ModelSha256, string SettingsSha256, string SrsDigest,
        string KeySetDigest, IReadOnlyList<int> Cuts, IReadOnlyList<ChunkKeys> Chunks);

    public static void Write(DirectoryInfo dir, ChunkKeySet keys, string model, string modelSha256, string settingsSha256, string srsDigest)
    {
        dir.Create();
        var chunks = keys.Plan.Chunks.Select(c =>
        {
            int first = keys.Plan.Chunks.First(o => ReferenceEquals(keys.For(o.Index), keys.For(c.Index))).Index;
            string vk = $"chunk-{first}.vk", pk = $"chunk-{first}.pk";
            if (first == c.Index)
            {
                File.WriteAllBytes(Path.Combine(dir.FullName, vk), KeyEncoding.EncodeVerifyingKey(keys.For(c.Index).Vk));
                File.WriteAllBytes(Path.Combine(dir.FullName, pk), KeyEncoding.EncodeProvingKey(keys.For(c.Index)));
            }
            return new ChunkKeys(c.Index, vk, pk, keys.For(c.Index).Vk.DigestHex);
        }).ToArray();
        var index = new Index(FormatVersion, model, modelSha256, settingsSha256, srsDigest, keys.DigestHex, keys.Plan.Cuts.ToArray(), chunks);
        File.WriteAllText(Path.Combine(dir.FullName, FileName), JsonSerializer.Serialize(index, Options));
    }

    /// <summary>
    /// The verifying keys of a key directory with its cut points and set digest, or a reason it is unusable (a key
    /// whose digest is not the one listed, a set digest that is not its keys'). Missing or malformed files throw.
    /// </summary>
    public static (string KeySetDigest, IReadOnlyList<int> Cuts, VerifyingKey[] Keys)? LoadVerifyingKeys(DirectoryInfo dir, out string? problem)
    {
        problem = null;
        string indexPath = Path.Combine(dir.FullName, FileName);
        if (!File.Exists(indexPath)) throw new UsageException($"file not found: {indexPath} (--vk takes a directory written by `zkml-gpu setup`)");
        var index = JsonSerializer.Deserialize<Index>(File.ReadAllText(indexPath), Options) ?? throw new FormatException($"{FileName} is empty");
        if (index.FormatVersion != FormatVersion) throw new FormatException($"{FileName} has format version {index.FormatVersion}; this verifier reads {FormatVersion}");
        if (index.Cuts is null || index.Chunks is null || index.KeySetDigest is null) throw new FormatException($"{FileName} lacks cuts, chunks or keySetDigest");
        if (index.Chunks.Count != index.Cuts.Count + 1) { problem = $"{FileName} lists {index.Chunks.Count} chunks for {index.Cuts.Count} cuts"; return null; }
        var vks = new VerifyingKey[index.Chunks.Count];
        for (int i = 0; i < vks.Length; i++)
        {
            var c = index.Chunks[i];
            if (c.Index != i || c.VerifyingKey is null || Path.GetFileName(c.VerifyingKey) != c.VerifyingKey)
            { problem = $"{FileName}: entry {i} is not chunk {i}'s keys"; return null; }
            string path = Path.Combine(dir.FullName, c.VerifyingKey);
            if (!File.Exists(path)) throw new UsageException($"file not found: {path}");
            try { vks[i] = KeyEncoding.DecodeVerifyingKey(File.ReadAllBytes(path)); }
            catch (Exception e) when (e is FormatException or ArgumentException) { problem = $"{c.VerifyingKey} does not decode ({e.Message})"; return null; }
            if (vks[i].DigestHex != c.VerifyingKeyDigest) { problem = $"{c.VerifyingKey} (chunk {i}) does not match its digest in {FileName}"; return null; }
        }
        string digest = Convert.ToHexStringLower(ChunkKeySet.DigestOf(index.Cuts, vks.Select(v => v.Digest)));
        if (digest != index.KeySetDigest) { problem = $"{FileName}'s keySetDigest is not its keys' ({digest})"; return null; }
        return (digest, index.Cuts, vks);
    }
}
