namespace ZkmlGpu.Cluster.Messages;

/// <summary>
/// What a job is: model (<see cref="ModelBlob.Digest"/>), input values, salts (SHA-256 of each, never the values),
/// key set (cuts and verifying keys) and chunk count. A resumed job must match it field by field.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClusterJobHeader(
    [property: Id(0)] string ModelDigest,
    [property: Id(1)] string InputDigest,
    [property: Id(2)] string SaltsDigest,
    [property: Id(3)] string KeySetDigest,
    [property: Id(4)] int Chunks)
{
    /// <summary>The first field that differs from <paramref name="other"/>, or null.</summary>
    public string? Mismatch(ClusterJobHeader other) =>
        ModelDigest != other.ModelDigest ? "model" :
        InputDigest != other.InputDigest ? "input" :
        SaltsDigest != other.SaltsDigest ? "salts" :
        KeySetDigest != other.KeySetDigest ? "key set (cuts, settings or SRS)" :
        Chunks != other.Chunks ? "chunk count" : null;
}
