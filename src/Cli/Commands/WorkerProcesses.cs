using System.Collections.Concurrent;
using System.Diagnostics;
using ZkmlGpu.Cluster.Hosting;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// Local `zkml-gpu worker` processes for `prove --workers N`: started on loopback against the coordinator's localhost
/// cluster, stopped with it (they also stop by themselves when this process exits). Their output is kept for errors.
/// </summary>
internal sealed class WorkerProcesses : IDisposable
{
    private readonly List<(Process Process, int SiloPort, ConcurrentQueue<string> Err)> workers = [];

    public static WorkerProcesses Start(int count, ClusterConnection conn, string device, FileInfo? srs, FileInfo? tls = null)
    {
        var all = new WorkerProcesses();
        try
        {
            for (int i = 0; i < count; i++) all.StartOne(conn, device, srs, tls);
        }
        catch
        {
            all.Dispose();
            throw;
        }
        return all;
    }

    public IReadOnlyList<int> SiloPorts => workers.Select(w => w.SiloPort).ToArray();

    public IReadOnlyList<Process> Processes => workers.Select(w => w.Process).ToArray();

    private void StartOne(ClusterConnection conn, string device, FileInfo? srs, FileInfo? tls)
    {
        int siloPort = FreePorts.Next(), gatewayPort = FreePorts.Next();
        var info = Launcher();
        foreach (var a in (string[])["worker", "--cluster", conn.ToString(), "--device", device, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}",
                     "--exit-with", $"{Environment.ProcessId}"])
            info.ArgumentList.Add(a);
        if (srs is not null)
        {
            info.ArgumentList.Add("--srs");
            info.ArgumentList.Add(srs.FullName);
        }
        if (tls is not null)
        {
            info.ArgumentList.Add("--tls-cert");
            info.ArgumentList.Add(tls.FullName);
        }
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a worker process");
        var err = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) err.Enqueue(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        workers.Add((process, siloPort, err));
    }

    /// <summary>This build's `zkml-gpu`: its apphost beside the assembly, else `dotnet zkml-gpu.dll`.</summary>
    private static ProcessStartInfo Launcher()
    {
        string dll = typeof(WorkerProcesses).Assembly.Location;
        string apphost = Path.Combine(Path.GetDirectoryName(dll)!, OperatingSystem.IsWindows() ? "zkml-gpu.exe" : "zkml-gpu");
        if (File.Exists(apphost)) return new ProcessStartInfo(apphost);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        info.ArgumentList.Add(dll);
        return info;
    }

    /// <summary>Why workers that exited did: their exit codes and last error lines.</summary>
    public string Exited()
    {
        var gone = workers.Where(w => w.Process.HasExited)
            .Select(w => $"worker on port {w.SiloPort} exited with {w.Process.ExitCode}" + (w.Err.IsEmpty ? "" : $" ({w.Err.Last()})")).ToArray();
        return gone.Length == 0 ? "" : string.Join("; ", gone);
    }

    public void Dispose()
    {
        foreach (var (p, _, _) in workers)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit(10_000);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            p.Dispose();
        }
        workers.Clear();
    }
}
