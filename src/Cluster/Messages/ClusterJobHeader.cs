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
    /// <summary>What differs first from <paramref name="other"/> ("different salts …"), or null.</summary>
    public string? Mismatch(ClusterJobHeader other) =>
        ModelDigest != other.ModelDigest ? "a different model" :
        InputDigest != other.InputDigest ? "different input values" :
        SaltsDigest != other.SaltsDigest ? "different salts (another secrets file)" :
        KeySetDigest != other.KeySetDigest ? "a different key set (cuts, settings or SRS)" :
        Chunks != other.Chunks ? "a different chunk count" : null;
}
