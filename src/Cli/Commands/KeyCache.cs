using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using ZkmlGpu.Gpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// Proving and verifying keys on disk, so a second prove or verify of the same model skips keygen. An entry is the
/// directory ROOT/&lt;SHA-256 of (model bytes' SHA-256, settings' SHA-256, SRS digest, <see cref="CodeId"/>)&gt;/ holding
/// vk.bin and pk.bin (<see cref="KeyEncoding"/>) and entry.json (their SHA-256s, k and the rows the circuit uses).
/// Chunk keys (bundles) are entries too, named by <see cref="ChunkEntryName"/>.
/// ROOT is --keys, else $ZKML_GPU_KEYS, else $XDG_CACHE_HOME/zkml-gpu/keys, else ~/.cache/zkml-gpu/keys.
/// </summary>
/// <remarks>
/// What is trusted: an entry is used only when both files hash to entry.json's digests, decode strictly, name this
/// SRS, and the proving key's embedded verifying key is the cached one; decoding a proving key also recommits every
/// fixed and σ column and compares the commitments with its verifying key (<see cref="KeyEncoding.DecodeProvingKey"/>).
/// Anything else is reported and the entry regenerated. A cached verifying key is trusted as keygen's output: the
/// cache is the user's own state, like the binary (a key found in a proof directory never is). Entries are keyed by
/// the code's identity too, so a build whose circuits differ never reads an older build's keys.
/// </remarks>
internal sealed class KeyCache
{
    public const string EnvironmentVariable = "ZKML_GPU_KEYS";
    private const int FormatVersion = 1;

    private readonly string _root;

    public KeyCache(DirectoryInfo? root) => _root = root?.FullName ?? DefaultRoot();

    private static string DefaultRoot()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) return env;
        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "zkml-gpu", "keys");
    }

    public static Option<DirectoryInfo?> Option() => new("--keys")
    {
        Description = $"Key cache directory (default ${EnvironmentVariable}, else $XDG_CACHE_HOME/zkml-gpu/keys).",
    };

    /// <summary>
    /// The identity of the code that builds circuits and keys (the module version ids of the CLI, Zkml and Prover
    /// assemblies, which deterministic builds derive from their contents): a change to a chip changes every key.
    /// </summary>
    public static string CodeId { get; } = string.Join("/", new[] { typeof(KeyCache), typeof(ModelCircuit), typeof(Keygen) }
        .Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString("N")));

    /// <summary>The entry of a model file, its settings and an SRS.</summary>
    public static string EntryName(byte[] modelSha256, byte[] settingsSha256, SrsDigest srs)
    {
        var input = new List<byte>();
        input.AddRange("zkml-gpu keys v1"u8.ToArray());
        input.AddRange(modelSha256);
        input.AddRange(settingsSha256);
        input.AddRange(srs.Bytes.ToArray());
        input.AddRange(System.Text.Encoding.UTF8.GetBytes(CodeId));
        return Convert.ToHexStringLower(SHA256.HashData(input.ToArray()));
    }

    /// <summary>
    /// The entry of a chunk's keys (prove --chunks, setup): its circuit shape's fingerprint, which binds the layers,
    /// weights, boundary sizes and settings' effect on the circuit, with the SRS and the build as for a model's entry.
    /// </summary>
    public static string ChunkEntryName(byte[] shapeFingerprint, SrsDigest srs)
    {
        var input = new List<byte>();
        input.AddRange("zkml-gpu chunk keys v1"u8.ToArray());
        input.AddRange(shapeFingerprint);
        input.AddRange(srs.Bytes.ToArray());
        input.AddRange(System.Text.Encoding.UTF8.GetBytes(CodeId));
        return Convert.ToHexStringLower(SHA256.HashData(input.ToArray()));
    }

    /// <summary>The cache's directory.</summary>
    public string Root => _root;

    private string Dir(string entry) => Path.Combine(_root, entry);

    /// <summary>A cached verifying key made with <paramref name="srs"/>, or null (with why, when the entry exists but is unusable).</summary>
    public (VerifyingKey Vk, int RowsUsed)? LoadVerifyingKey(string entry, SrsDigest srs, out string? problem)
    {
        problem = null;
        string dir = Dir(entry);
        if (!File.Exists(Path.Combine(dir, "entry.json"))) return null;
        try
        {
            var e = JsonSerializer.Deserialize<Entry>(File.ReadAllText(Path.Combine(dir, "entry.json")), Json) ?? throw new InvalidDataException("entry.json is empty");
            if (e.Format != FormatVersion) throw new InvalidDataException($"entry format {e.Format}");
            var vk = KeyEncoding.DecodeVerifyingKey(Checked(dir, "vk.bin", e.VkSha256));
            if (vk.Kzg.Digest != srs) throw new InvalidDataException("the verifying key names another SRS");
            if (vk.K != e.K) throw new InvalidDataException("k differs from entry.json's");
            return (vk, e.RowsUsed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidDataException or ArgumentException)
        {
            problem = ex.Message;
            return null;
        }
    }

    /// <summary>A cached proving key (on <paramref name="device"/>, with an SRS of 2^k powers from <paramref name="srs"/>), or null (with why when unusable).</summary>
    public (ProvingKey Pk, int RowsUsed)? LoadProvingKey(string entry, SrsSource srs, IComputeDevice device, out string? problem)
    {
        var cached = LoadVerifyingKey(entry, srs.Digest, out problem);
        if (cached is not { } c) return null;
        try
        {
            var e = JsonSerializer.Deserialize<Entry>(File.ReadAllText(Path.Combine(Dir(entry), "entry.json")), Json)!;
            var pk = KeyEncoding.DecodeProvingKey(Checked(Dir(entry), "pk.bin", e.PkSha256), srs.Load(c.Vk.K), device);
            if (!pk.Vk.Digest.AsSpan().SequenceEqual(c.Vk.Digest))
            {
                pk.Dispose();
                throw new InvalidDataException("pk.bin's verifying key is not vk.bin");
            }
            return (pk, c.RowsUsed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidDataException or ArgumentException)
        {
            problem = ex.Message;
            return null;
        }
    }

    /// <summary>Stores keys (each file written aside and renamed, entry.json last); a cache that cannot be written is a warning, not an error.</summary>
    public void Store(string entry, ProvingKey pk, int rowsUsed, TextWriter warnings)
    {
        string dir = Dir(entry);
        try
        {
            Directory.CreateDirectory(dir);
            byte[] vk = KeyEncoding.EncodeVerifyingKey(pk.Vk), pkBytes = KeyEncoding.EncodeProvingKey(pk);
            Write(dir, "vk.bin", vk);
            Write(dir, "pk.bin", pkBytes);
            var e = new Entry(FormatVersion, pk.Vk.K, rowsUsed, Convert.ToHexStringLower(SHA256.HashData(vk)), Convert.ToHexStringLower(SHA256.HashData(pkBytes)));
            Write(dir, "entry.json", JsonSerializer.SerializeToUtf8Bytes(e, Json));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.WriteLine($"warning: could not store keys in {dir}: {ex.Message}");
        }
    }

    private static void Write(string dir, string name, byte[] bytes)
    {
        string temp = Path.Combine(dir, $"{name}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, Path.Combine(dir, name), overwrite: true);
    }

    private static byte[] Checked(string dir, string name, string sha256)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(dir, name));
        if (!Convert.ToHexStringLower(SHA256.HashData(bytes)).Equals(sha256, StringComparison.Ordinal))
            throw new InvalidDataException($"{name} does not match its SHA-256 in entry.json");
        return bytes;
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record Entry(int Format, int K, int RowsUsed, string VkSha256, string PkSha256);
}
