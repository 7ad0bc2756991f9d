namespace ZkmlGpu.Cluster.Messages;

/// <summary>
/// A worker's answer: the proof (ProofEncoding bytes) and its timings. Nothing else: the coordinator pairs the bytes
/// with the public inputs it computed itself and verifies them before keeping them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChunkProofMessage(
    [property: Id(0)] byte[] Proof,
    [property: Id(1)] double KeygenMs,
    [property: Id(2)] bool KeyCached,
    [property: Id(3)] double ProveMs);
