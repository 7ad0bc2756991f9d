using System.Text.Json;
using ZkmlGpu.Field;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// manifest.json of a bundle directory (format in <see cref="BundleProve"/>'s comment): plain, indented JSON a person
/// reads. The verifier compares its digests and chunk list with what it rebuilds from the model; nothing in it is trusted.
/// </summary>
internal sealed record BundleManifest(
    int FormatVersion,
    string Model,
    string ModelSha256,
    string SettingsSha256,
    string KeySetDigest,
    string SrsDigest,
    string Srs,
    IReadOnlyList<int> Cuts,
    IReadOnlyList<BundleChunkEntry> Chunks)
{
    public const int CurrentFormat = 1;
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads manifest.json; another format version or a missing field is a <see cref="FormatException"/>.</summary>
    public static BundleManifest FromJson(string json)
    {
        using (var doc = JsonDocument.Parse(json))
        {
            if (!doc.RootElement.TryGetProperty("formatVersion", out var v) || !v.TryGetInt32(out int version))
                throw new FormatException("manifest.json has no formatVersion");
            if (version != CurrentFormat) throw new FormatException($"manifest.json has format version {version}; this verifier reads {CurrentFormat}");
        }
        var m = JsonSerializer.Deserialize<BundleManifest>(json, Options) ?? throw new FormatException("manifest.json is empty");
        foreach (var (name, value) in new object?[] { m.ModelSha256, m.SettingsSha256, m.KeySetDigest, m.SrsDigest, m.Cuts, m.Chunks }
                     .Zip(["modelSha256", "settingsSha256", "keySetDigest", "srsDigest", "cuts", "chunks"], (v, n) => (n, v)))
            if (value is null) throw new FormatException($"manifest.json has no {name}");
        for (int i = 0; i < m.Chunks.Count; i++)
            if (m.Chunks[i] is null || m.Chunks[i].Proof is null || m.Chunks[i].InputCommitment is null || m.Chunks[i].OutputCommitment is null || m.Chunks[i].VerifyingKeyDigest is null)
                throw new FormatException($"manifest.json: chunk entry {i} lacks its proof, commitments or verifying-key digest");
        return m;
    }

    public static string Hex(Fr x)
    {
        Span<byte> b = stackalloc byte[32];
        x.WriteBytesBigEndian(b);
        return Convert.ToHexStringLower(b);
    }

    /// <summary>A commitment from its hex form; null when it is not 32 bytes of a canonical field element.</summary>
    public static Fr? ParseFr(string hex)
    {
        try
        {
            byte[] b = Convert.FromHexString(hex);
            return b.Length == 32 ? Fr.FromBytesBigEndian(b) : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidEncodingException) { return null; }
    }

    public static string ProofFile(int chunk) => $"chunk-{chunk}.proof";
}
