using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// The salts of a bundle's boundary commitments, kept by the prover beside the bundle (DIR.secrets.json, mode 0600),
/// never inside it: whoever holds them can test guesses of the private activations (docs/boundary-commitments.md).
/// Kept so a later `open` can reveal a committed value; deleting the file loses nothing else.
/// </summary>
internal static class SecretsFile
{
    public static string PathFor(DirectoryInfo bundle) => bundle.FullName.TrimEnd(Path.DirectorySeparatorChar) + ".secrets.json";

    public static string Write(DirectoryInfo bundle, string keySetDigest, ChunkSecrets secrets)
    {
        string path = PathFor(bundle);
        string json = ModelCli.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("bundle", bundle.FullName);
            w.WriteString("keySetDigest", keySetDigest);
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
