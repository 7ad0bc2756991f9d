using System.Security.Cryptography;
using System.Text.Json;
using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// progress.json in a bundle directory while `prove --chunks` runs: what the run is (model, settings, SRS, cuts, and
/// digests of its salts and of its input keyed by the salts, so the file says nothing about a private input) and
/// every chunk finished so far, whose proof file is written beside it at once. `prove --resume` reads it to finish
/// the bundle without proving those chunks again; a finished bundle has none.
/// </summary>
internal sealed record BundleProgress(
    int FormatVersion,
    string ModelSha256,
    string SettingsSha256,
    string SrsDigest,
    IReadOnlyList<int> Cuts,
    string SaltsSha256,
    string InputDigest,
    IReadOnlyList<BundleProgressChunk> Chunks)
{
    public const string FileName = "progress.json";
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static string PathIn(DirectoryInfo dir) => Path.Combine(dir.FullName, FileName);

    /// <summary>The record of <paramref name="dir"/>; a missing or unreadable one is a one-line usage error.</summary>
    public static BundleProgress Read(DirectoryInfo dir)
    {
        string path = PathIn(dir);
        if (!File.Exists(path))
            throw new UsageException($"cannot resume: {dir.FullName} has no {FileName} (no stopped `prove --chunks` run there)");
        BundleProgress? p;
        try { p = JsonSerializer.Deserialize<BundleProgress>(File.ReadAllText(path), Options); }
        catch (JsonException e) { throw new UsageException($"cannot resume: {FileName} is unreadable ({e.Message})"); }
        if (p is null || p.FormatVersion != CurrentFormat || p.Cuts is null || p.Chunks is null || p.SaltsSha256 is null || p.InputDigest is null)
            throw new UsageException($"cannot resume: {FileName} is not a progress record this version reads");
        return p;
    }

    /// <summary>Writes the record aside and renames it over the old one, so a run killed meanwhile leaves one whole record.</summary>
    public void Write(DirectoryInfo dir) => WriteAtomically(PathIn(dir), JsonSerializer.SerializeToUtf8Bytes(this, Options));

    public static void WriteAtomically(string path, byte[] bytes)
    {
        string temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    public static string SaltsDigest(ChunkSecrets secrets)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData("zkml-gpu salts v1"u8);
        foreach (var s in secrets.Salts) sha.AppendData(Convert.FromHexString(BundleManifest.Hex(s)));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The input's digest keyed by the salts (HMAC): equal for equal inputs, and no test of a guessed input without the salts.</summary>
    public static string InputDigestOf(ChunkSecrets secrets, IReadOnlyList<long[]> inputs)
    {
        byte[] key = secrets.Salts.SelectMany(s => Convert.FromHexString(BundleManifest.Hex(s))).ToArray();
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        mac.AppendData("zkml-gpu input v1"u8);
        foreach (var tensor in inputs)
        {
            mac.AppendData(BitConverter.GetBytes((long)tensor.Length));
            foreach (long v in tensor) mac.AppendData(BitConverter.GetBytes(v));
        }
        return Convert.ToHexStringLower(mac.GetHashAndReset());
    }
}
