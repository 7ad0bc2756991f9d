using System.Security.Cryptography;
using System.Text;

namespace ZkmlGpu.Cluster.Messages;

/// <summary>
/// A model as it travels to workers, once each: the file's name (its extension picks the importer) and bytes, and
/// the settings given with it (empty: none). <see cref="Digest"/> names all three; workers cache by it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ModelBlob(
    [property: Id(0)] string FileName,
    [property: Id(1)] byte[] Model,
    [property: Id(2)] byte[] Settings)
{
    public string Digest => DigestOf(FileName, Model, Settings);

    public static string DigestOf(string fileName, byte[] model, byte[] settings)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"zkml-gpu model v1;{Path.GetExtension(fileName).ToLowerInvariant()};{model.Length};{settings.Length};"));
        sha.AppendData(model);
        sha.AppendData(settings);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
