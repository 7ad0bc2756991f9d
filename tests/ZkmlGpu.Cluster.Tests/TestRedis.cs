using System.Diagnostics;
using System.Net.Sockets;
using ZkmlGpu.Cluster.Hosting;

namespace ZkmlGpu.Cluster.Tests;

/// <summary>
/// The Redis server the Redis tests use: $ZKMLGPU_TEST_REDIS (redis://127.0.0.1:PORT, as .ci/run exports), else one
/// started here from the redis-server on the PATH. With neither the tests fail, saying how to get one.
/// </summary>
internal sealed class TestRedis : IDisposable
{
    public const string Variable = "ZKMLGPU_TEST_REDIS";
    private readonly Process? server;

    public TestRedis()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            Server = ClusterConnection.Parse(given);
            return;
        }
        string binary = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"the Redis tests need a Redis server: set {Variable}=redis://127.0.0.1:PORT or install redis-server (apt-get install redis-server)");
        int port = FreePorts.Next();
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) info.ArgumentList.Add(a);
        server = Process.Start(info)!;
        server.OutputDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.HasExited) { Thread.Sleep(100); }
        }
        Server = ClusterConnection.Parse($"redis://127.0.0.1:{port}");
    }

    public ClusterConnection Server { get; }

    /// <summary>A cluster of its own on this server.</summary>
    public ClusterConnection NewCluster() => Server with { ClusterId = $"test-{Guid.NewGuid():N}" };

    public void Dispose()
    {
        if (server is null) return;
        try { server.Kill(); server.WaitForExit(5000); } catch (InvalidOperationException) { }
        server.Dispose();
    }
}
