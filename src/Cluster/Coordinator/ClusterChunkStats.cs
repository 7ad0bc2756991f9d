namespace ZkmlGpu.Cluster.Coordinator;

/// <summary>
/// Where and at what cost a chunk was proven: the bytes sent (chunk work) and received (proof), the call's round
/// trip and the worker's own keygen and proving time (round trip minus those is transfer, serialization and
/// queueing), the devices whose answers were rejected or lost, and whether it came from an earlier run.
/// </summary>
public sealed record ClusterChunkStats(int Chunk, string Device, long BytesSent, long BytesReceived, double RoundTripMs, double WorkerKeygenMs,
    double WorkerProveMs, double VerifyMs, IReadOnlyList<string> FailedOn, bool Resumed);
