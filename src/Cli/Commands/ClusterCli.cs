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

    /// <summary>The model file and the settings given with it (none: empty), as sent to workers.</summary>
    public static ModelBlob Blob(FileInfo model, Settings? given) =>
        new(model.Name, File.ReadAllBytes(model.FullName), given is null ? [] : Encoding.UTF8.GetBytes(given.ToJson()));

    /// <summary>
    /// Loads a model sent by a coordinator exactly as `prove` loads the file (<see cref="ModelCli.LoadWith"/>): the
    /// bytes are written under the temporary directory, named by digest.
    /// </summary>
    public static QuantizedModel LoadBlob(ModelBlob blob)
    {
        string name = Path.GetFileName(blob.FileName);
        if (name.Length == 0 || name != blob.FileName) throw new FormatException($"model file name '{blob.FileName}' is not a plain file name");
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "zkml-gpu-models", blob.Digest));
        var file = new FileInfo(Path.Combine(dir.FullName, name));
        File.WriteAllBytes(file.FullName, blob.Model);
        var settings = blob.Settings.Length == 0 ? null : Settings.FromJson(Encoding.UTF8.GetString(blob.Settings));
        return ModelCli.LoadWith(file, settings).Quantized;
    }

    /// <summary>A cluster failure (no workers, a chunk no worker could prove, storage unreachable) as one line.</summary>
    public static UsageException Failure(Exception e) => new($"cluster: {e.Message.ReplaceLineEndings(" ").Trim()}");
}
