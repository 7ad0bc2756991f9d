using System.Text.Json;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>
/// Renders progress events as JSON lines, one object per event:
/// {"event":"chunk-done","chunk":3,"device":"cuda:1","ms":812.4,"at":2051.7}, plus "phase" and "error" when set.
/// Safe to call from several threads.
/// </summary>
public sealed class ChunkEventJsonWriter
{
    private readonly TextWriter output;
    private readonly Lock gate = new();

    public ChunkEventJsonWriter(TextWriter output) => this.output = output;

    public void Write(ChunkEvent e)
    {
        string line = Format(e);
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    public static string Format(ChunkEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("event", e.Name);
            w.WriteNumber("chunk", e.Chunk);
            if (e.Device is not null) w.WriteString("device", e.Device);
            if (e.Phase is not null) w.WriteString("phase", e.Phase);
            w.WriteNumber("ms", Math.Round(e.Ms, 1));
            w.WriteNumber("at", Math.Round(e.At, 1));
            if (e.Error is not null) w.WriteString("error", e.Error);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
