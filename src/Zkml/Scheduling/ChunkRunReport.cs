using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>The summary of a run (what `--report FILE` writes): per chunk, per device, and the wall time.</summary>
public sealed record ChunkRunReport(IReadOnlyList<ChunkReportRow> Chunks, IReadOnlyList<DeviceReportRow> Devices, double TotalMs, bool Cancelled)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static ChunkRunReport FromJson(string json) =>
        JsonSerializer.Deserialize<ChunkRunReport>(json, Options) ?? throw new FormatException("report: empty document");
}
