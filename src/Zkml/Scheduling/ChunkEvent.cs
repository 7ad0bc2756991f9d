namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// One progress event. <see cref="Ms"/>: for Phase, Done and Failed the time since the chunk started on the device;
/// <see cref="At"/>: ms since the run started. <see cref="Error"/> is set for Failed and DeviceRetired.
/// </summary>
public sealed record ChunkEvent(ChunkEventKind Kind, int Chunk, string? Device, double Ms, double At, string? Phase = null, string? Error = null)
{
    /// <summary>The JSON-lines name: chunk-started, chunk-phase, chunk-done, chunk-failed, chunk-resumed, device-retired.</summary>
    public string Name => Kind switch
    {
        ChunkEventKind.Started => "chunk-started",
        ChunkEventKind.Phase => "chunk-phase",
        ChunkEventKind.Done => "chunk-done",
        ChunkEventKind.Failed => "chunk-failed",
        ChunkEventKind.Resumed => "chunk-resumed",
        _ => "device-retired",
    };
}
