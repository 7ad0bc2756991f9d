using ZkmlGpu.Zkml.Circuits;

namespace ZkmlGpu.Cluster.Coordinator;

/// <summary>A chunk ready to send: its circuit on the coordinator (for the public inputs a proof must state) and its encoded work.</summary>
internal sealed record PreparedChunk(ModelCircuit Circuit, byte[] Work);
