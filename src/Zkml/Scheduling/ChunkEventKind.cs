namespace ZkmlGpu.Zkml.Scheduling;

public enum ChunkEventKind
{
    /// <summary>The chunk was placed on a device.</summary>
    Started,
    /// <summary>The chunk entered a phase: "witness", "keygen", "prove" or one the prove delegate reports.</summary>
    Phase,
    Done,
    /// <summary>The chunk failed on a device (it moves to another one unless none is left).</summary>
    Failed,
    /// <summary>The chunk was finished by an earlier run and is not proven again.</summary>
    Resumed,
    /// <summary>The device failed too many jobs in a row and gets no more (<see cref="ChunkEvent.Chunk"/>: its last failure).</summary>
    DeviceRetired,
}
