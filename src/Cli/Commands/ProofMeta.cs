using System.Text.Json;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// meta.json of a proof directory (see <see cref="ProveCommand"/>). The digests let the verifier say why a proof does
/// not fit what it rebuilt; the verdict itself comes from the verifying key it regenerates, never from this file.
/// </summary>
internal sealed record ProofMeta(
    int FormatVersion,
    string Model,
    string ModelSha256,
    string SettingsSha256,
    string VerifyingKeyDigest,
    string SrsDigest,
    string Srs,
    int K,
    int RowsUsed,
    int RowsAvailable,
    string InputVisibility,
    string OutputVisibility,
    string Keygen,
    double KeygenMs,
    double ProveMs,
    int ProofBytes)
{
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads meta.json; a missing field or another format version is a <see cref="FormatException"/>.</summary>
    public static ProofMeta FromJson(string json)
    {
        using (var doc = JsonDocument.Parse(json))
        {
            if (!doc.RootElement.TryGetProperty("formatVersion", out var v) || !v.TryGetInt32(out int version))
                throw new FormatException("meta.json has no formatVersion");
            if (version != CurrentFormat) throw new FormatException($"meta.json has format version {version}; this verifier reads {CurrentFormat}");
        }
        var meta = JsonSerializer.Deserialize<ProofMeta>(json, Options) ?? throw new FormatException("meta.json is empty");
        foreach (var (name, value) in new[] { ("modelSha256", meta.ModelSha256), ("settingsSha256", meta.SettingsSha256), ("verifyingKeyDigest", meta.VerifyingKeyDigest), ("srsDigest", meta.SrsDigest) })
            if (value is null) throw new FormatException($"meta.json has no {name}");
        return meta;
    }
}
