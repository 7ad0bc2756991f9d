using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ZkmlGpu.Cluster.Hosting;
using ZkmlGpu.Cluster.Messages;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>What the cluster commands share: `--cluster` parsing, models as they travel (<see cref="ModelBlob"/>) and a worker's model loader.</summary>
internal static class ClusterCli
{
    public static ClusterConnection Connection(string text)
    {
        try { return ClusterConnection.Parse(text); }
        catch (FormatException e) { throw new UsageException(e.Message); }
    }

    public const string TlsPasswordVariable = "ZKMLGPU_TLS_PASSWORD";

    public static Option<FileInfo?> TlsOption() => new("--tls-cert")
    {
        Description = $"The cluster's TLS certificate (.pfx with its key, password in ${TlsPasswordVariable}); every silo and client must use the same one.",
    };

    /// <summary>The certificate named by --tls-cert, or null.</summary>
    public static X509Certificate2? Certificate(FileInfo? file)
    {
        if (file is null) return null;
        ModelCli.Exists(file);
        try { return ClusterTls.Load(file.FullName, Environment.GetEnvironmentVariable(TlsPasswordVariable)); }
        catch (CryptographicException e) { throw new UsageException($"--tls-cert {file.Name}: {e.Message}"); }
    }

    /// <summary>The model file and the settings given with it (none: empty), as sent to workers.</summary>
    public static ModelBlob Blob(FileInfo model, Settings? given) =>
        new(model.Name, File.ReadAllBytes(model.FullName), given is null ? [] : Encoding.UTF8.GetBytes(given.ToJson()));

    /// <summary>
    /// Loads a model sent by a coordinator exactly as `prove` loads the file (<see cref="ModelCli.LoadWith"/>): the
    /// bytes are written under the temporary directory, named by digest. Workers on one machine share that file, so it
    /// is written aside and renamed into place: a reader sees a whole file, never one another worker is still writing.
    /// </summary>
    public static QuantizedModel LoadBlob(ModelBlob blob)
    {
        string name = Path.GetFileName(blob.FileName);
        if (name.Length == 0 || name != blob.FileName) throw new FormatException($"model file name '{blob.FileName}' is not a plain file name");
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "zkml-gpu-models", blob.Digest));
        var file = new FileInfo(Path.Combine(dir.FullName, name));
        string aside = Path.Combine(dir.FullName, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        File.WriteAllBytes(aside, blob.Model);
        try { File.Move(aside, file.FullName, overwrite: true); }
        catch (IOException) when (File.Exists(file.FullName))
        {
            File.Delete(aside); // another worker's copy (the same bytes) is in place and open
        }
        var settings = blob.Settings.Length == 0 ? null : Settings.FromJson(Encoding.UTF8.GetString(blob.Settings));
        return ModelCli.LoadWith(file, settings).Quantized;
    }

    /// <summary>A cluster failure (no workers, a chunk no worker could prove, storage unreachable) as one line.</summary>
    public static UsageException Failure(Exception e) => new($"cluster: {e.Message.ReplaceLineEndings(" ").Trim()}");
}
