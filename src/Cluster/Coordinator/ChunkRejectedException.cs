namespace ZkmlGpu.Cluster.Coordinator;

/// <summary>A worker's answer that does not verify; the chunk goes to another device.</summary>
public sealed class ChunkRejectedException(string message) : Exception(message);
