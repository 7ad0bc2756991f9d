namespace ZkmlGpu.Gpu;

public enum DeviceKind
{
    Cpu,
    Cuda,
    OpenCL,
}

/// <summary>A parsed device name: "cpu", "cuda:0", "opencl:1". Lists ("cuda:0,cuda:1") parse with <see cref="ParseList"/>.</summary>
public readonly record struct DeviceSpec(DeviceKind Kind, int Index)
{
    public static DeviceSpec Cpu => new(DeviceKind.Cpu, 0);

    public static DeviceSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return Cpu;
        int colon = s.IndexOf(':');
        string kind = colon < 0 ? s : s[..colon];
        DeviceKind k = kind switch
        {
            "cuda" => DeviceKind.Cuda,
            "opencl" => DeviceKind.OpenCL,
            "cpu" => DeviceKind.Cpu,
            _ => throw new FormatException($"Unknown device '{text}'. Use cpu, cuda:N or opencl:N."),
        };
        if (colon < 0) return new DeviceSpec(k, 0);
        string index = s[(colon + 1)..];
        if (!int.TryParse(index, System.Globalization.NumberStyles.None, null, out int i))
            throw new FormatException($"Bad device index in '{text}': '{index}' is not a non-negative integer.");
        if (k == DeviceKind.Cpu && i != 0) throw new FormatException($"There is one CPU device: use 'cpu', not '{text}'.");
        return new DeviceSpec(k, i);
    }

    /// <summary>Parses a comma-separated list; rejects empty entries and duplicates.</summary>
    public static IReadOnlyList<DeviceSpec> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        var result = new List<DeviceSpec>(parts.Length);
        foreach (var part in parts)
        {
            if (string.IsNullOrWhiteSpace(part)) throw new FormatException($"Empty device name in '{text}'.");
            var spec = Parse(part);
            if (result.Contains(spec)) throw new FormatException($"Device '{spec}' is listed twice in '{text}'.");
            result.Add(spec);
        }
        return result;
    }

    public override string ToString() => Kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Cuda => $"cuda:{Index}",
        _ => $"opencl:{Index}",
    };
}

/// <summary>Thrown when a named device is not present or cannot be used.</summary>
public sealed class DeviceNotFoundException : Exception
{
    public DeviceNotFoundException(string message) : base(message) { }
    public DeviceNotFoundException(string message, Exception inner) : base(message, inner) { }
}
