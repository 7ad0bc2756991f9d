namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// Folds progress events into the state a live view draws (so the Spectre.Console view only paints). Feed it every
/// event (<see cref="Apply"/>, from any thread) and take a <see cref="Snapshot"/> at each refresh. The ETA assumes
/// the chunks still to do take as long, on average, as those done in this run (resumed ones excluded).
/// </summary>
public sealed class ChunkProgress
{
    private readonly Lock gate = new();
    private readonly int total;
    private readonly List<string> order = [];
    private readonly Dictionary<string, (int? Chunk, string? Phase, double Since, int Done, int Failed)> devices = new();
    private int done, provenHere, failures;

    public ChunkProgress(int totalChunks, IEnumerable<string> deviceNames)
    {
        total = totalChunks;
        foreach (var name in deviceNames) Line(name);
    }

    public void Apply(ChunkEvent e)
    {
        lock (gate)
        {
            if (e.Kind == ChunkEventKind.Resumed) { done++; return; }
            if (e.Device is null) return;
            var d = Line(e.Device);
            devices[e.Device] = e.Kind switch
            {
                ChunkEventKind.Started => d with { Chunk = e.Chunk, Phase = "started", Since = e.At },
                ChunkEventKind.Phase => d with { Phase = e.Phase },
                ChunkEventKind.Done => d with { Chunk = null, Phase = null, Since = e.At, Done = d.Done + 1 },
                ChunkEventKind.Failed => d with { Chunk = null, Phase = null, Since = e.At, Failed = d.Failed + 1 },
                ChunkEventKind.DeviceRetired => d with { Chunk = null, Phase = "retired", Since = e.At },
                _ => d,
            };
            if (e.Kind == ChunkEventKind.Done) { done++; provenHere++; }
            if (e.Kind == ChunkEventKind.Failed) failures++;
        }
    }

    /// <summary>The state at <paramref name="nowMs"/> (ms since the run started, the clock of <see cref="ChunkEvent.At"/>).</summary>
    public ChunkProgressSnapshot Snapshot(double nowMs)
    {
        lock (gate)
        {
            var lines = order.Select(name =>
            {
                var d = devices[name];
                return new DeviceProgressLine(name, d.Chunk, d.Phase, d.Chunk is null ? 0 : nowMs - d.Since, d.Done, d.Failed);
            }).ToArray();
            double? eta = provenHere == 0 ? null : nowMs / provenHere * (total - done);
            return new ChunkProgressSnapshot(lines, done, total, failures, eta);
        }
    }

    private (int? Chunk, string? Phase, double Since, int Done, int Failed) Line(string name)
    {
        if (!devices.TryGetValue(name, out var d))
        {
            devices[name] = d = (null, null, 0, 0, 0);
            order.Add(name);
        }
        return d;
    }
}
