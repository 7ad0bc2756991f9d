using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using ZkmlGpu.Gpu;

namespace ZkmlGpu.Cli.Commands;

/// <summary>The options and the timing loop shared by `zkml-gpu bench msm` and `zkml-gpu bench ntt`.</summary>
internal sealed class BenchSupport
{
    public Option<int> LogSize { get; } = new("--log-size") { Description = "log2 of the problem size.", Required = true };
    public Option<string> Device { get; } = new("--device") { Description = "Device spec: cpu, cuda:N or opencl:N.", DefaultValueFactory = _ => "cpu" };
    public Option<int> Runs { get; } = new("--runs") { Description = "Timed runs after one warm-up run.", DefaultValueFactory = _ => 3 };

    public Command CreateCommand(string name, string description)
    {
        var command = new Command(name, description);
        command.Options.Add(LogSize);
        command.Options.Add(Device);
        command.Options.Add(Runs);
        return command;
    }

    /// <summary>The best of five timed runs after a warm-up, so a shared machine's scheduling noise stays out of a few-millisecond figure.</summary>
    public static double BestOfFive(Action run)
    {
        run();
        double best = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    /// <summary>
    /// Validates the options, opens the device, lets <paramref name="prepare"/> build device-resident inputs and
    /// return the operation, runs it once to warm up, then prints one JSON line per timed run.
    /// </summary>
    public int Run(ParseResult parse, string op, int maxLogSize, Func<IComputeDevice, int, (Action Operation, IDisposable Inputs)> prepare)
    {
        int logSize = parse.GetValue(LogSize);
        int runs = parse.GetValue(Runs);
        string deviceText = parse.GetValue(Device) ?? "cpu";
        if (logSize < 0 || logSize > maxLogSize)
            return Fail($"--log-size must be between 0 and {maxLogSize} for {op}, got {logSize}.");
        if (runs < 1) return Fail($"--runs must be at least 1, got {runs}.");
        IComputeDevice device;
        try { device = ComputeDevices.Open(deviceText); }
        catch (Exception e) when (e is FormatException or DeviceNotFoundException) { return Fail(e.Message); }
        using (device)
        {
            var (operation, inputs) = prepare(device, logSize);
            using (inputs)
            {
                operation();
                for (int run = 1; run <= runs; run++)
                {
                    var process = Process.GetCurrentProcess();
                    TimeSpan cpuStart = process.TotalProcessorTime;
                    long start = Stopwatch.GetTimestamp();
                    operation();
                    double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    process.Refresh();
                    double cpuMs = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
                    Console.Out.WriteLine(JsonSerializer.Serialize(
                        new BenchResult(op, logSize, device.Spec.ToString(), Math.Round(ms, 3), run, Math.Round(cpuMs, 1))));
                }
            }
        }
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }

    private sealed record BenchResult(
        [property: System.Text.Json.Serialization.JsonPropertyName("op")] string Op,
        [property: System.Text.Json.Serialization.JsonPropertyName("logSize")] int LogSize,
        [property: System.Text.Json.Serialization.JsonPropertyName("device")] string Device,
        [property: System.Text.Json.Serialization.JsonPropertyName("ms")] double Ms,
        [property: System.Text.Json.Serialization.JsonPropertyName("run")] int Run,
        // Host CPU time of the whole process during the run: on a shared machine it shows the work done
        // when wall time is inflated by other load.
        [property: System.Text.Json.Serialization.JsonPropertyName("cpuMs")] double CpuMs);
}

/// <summary>Disposes several device buffers together.</summary>
internal sealed class DisposeAll(params IDisposable[] items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items) item.Dispose();
    }
}
