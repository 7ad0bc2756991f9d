namespace ZkmlGpu.Cluster.Messages;

/// <summary>A chunk to prove, as <see cref="Work.ChunkWorkEncoding"/> bytes.</summary>
[GenerateSerializer, Immutable]
public sealed record ChunkWorkMessage([property: Id(0)] byte[] Work);
