namespace ZkmlGpu.Cluster.Messages;

/// <summary>A worker silo: its node key (<see cref="Placement.WorkerKeys"/>), endpoint ("10.0.0.5:11111"), machine name and devices.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkerInfo(
    [property: Id(0)] string NodeKey,
    [property: Id(1)] string Endpoint,
    [property: Id(2)] string Machine,
    [property: Id(3)] IReadOnlyList<WorkerDeviceInfo> Devices);
