using System.Security.Cryptography;
using System.Text;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>The files of a proof directory (format in <see cref="ProveCommand"/>'s comment) and the digests both sides compute.</summary>
internal static class ProofDirectory
{
    public const string Proof = "proof.bin";
    public const string Settings = "settings.json";
    public const string Inputs = "inputs.json";
    public const string Outputs = "outputs.json";
    public const string Meta = "meta.json";

    /// <summary>The settings as the directory stores them: their canonical JSON (what <see cref="SettingsSha256"/> hashes).</summary>
    public static byte[] SettingsBytes(Zkml.Quantization.Settings settings) => Encoding.UTF8.GetBytes(settings.ToJson());

    public static byte[] SettingsSha256(Zkml.Quantization.Settings settings) => SHA256.HashData(SettingsBytes(settings));

    public static byte[] FileSha256(FileInfo file)
    {
        using var stream = file.OpenRead();
        return SHA256.HashData(stream);
    }

    public static string Hex(byte[] digest) => Convert.ToHexStringLower(digest);

    public static string Name(Visibility v) => v.ToString().ToLowerInvariant();
}
