using System.Text.Json;
using ZkmlGpu.Field;
using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// The prover's private secrets file written beside a bundle by `prove --chunks`: BUNDLE_DIR + ".secrets.json",
/// <c>{"salts":["&lt;64 hex&gt;", …]}</c>, the N + 1 salts in cut order 0..N. Never inside the bundle: whoever holds it
/// can test guesses of every boundary. Written with mode 0600 (the extra fields "bundle", "keySetDigest", "note" are for people).
/// </summary>
internal static class BundleSecretsFile
{
    public static string PathFor(DirectoryInfo bundle) => Path.TrimEndingDirectorySeparator(bundle.FullName) + ".secrets.json";

    public static ChunkSecrets Read(string path, int chunks)
    {
        if (!File.Exists(path)) throw new UsageException($"secrets file not found: {path} (written beside the bundle by `prove --chunks`; only the prover has it)");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("salts", out var salts) || salts.ValueKind != JsonValueKind.Array)
            throw new UsageException($"{Path.GetFileName(path)} has no \"salts\" array");
        if (salts.GetArrayLength() != chunks + 1)
            throw new UsageException($"{Path.GetFileName(path)} has {salts.GetArrayLength()} salts; a bundle of {chunks} chunks has {chunks + 1}");
        var values = new List<Fr>();
        foreach (var s in salts.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.String) throw new UsageException($"{Path.GetFileName(path)}: salt {values.Count} must be a hex string");
            try { values.Add(BoundaryOpening.ParseHex(s.GetString()!, $"salt {values.Count}")); }
            catch (InvalidEncodingException e) { throw new UsageException($"{Path.GetFileName(path)}: {e.Message}"); }
        }
        return new ChunkSecrets(values);
    }

    /// <summary>Writes the file; <paramref name="keySetDigest"/> is null while the keys are still being made (a run writes the salts first, so a stopped run can resume).</summary>
    public static string Write(DirectoryInfo bundle, string? keySetDigest, ChunkSecrets secrets)
    {
        string path = PathFor(bundle);
        string json = ModelCli.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("bundle", bundle.FullName);
            if (keySetDigest is not null) w.WriteString("keySetDigest", keySetDigest);
            w.WriteString("note", "salt i hides the values at cut i (0: the model input, N: the output); keep private");
            w.WriteStartArray("salts");
            foreach (var s in secrets.Salts) w.WriteStringValue(BundleManifest.Hex(s));
            w.WriteEndArray();
            w.WriteEndObject();
        });
        File.Delete(path); // so the file is created afresh with the private mode below
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream)) writer.Write(json);
        return path;
    }
}
