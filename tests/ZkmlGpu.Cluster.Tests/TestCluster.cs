using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZkmlGpu.Cluster.Coordinator;
using ZkmlGpu.Cluster.Hosting;
using ZkmlGpu.Cluster.Worker;
using ZkmlGpu.Gpu;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cluster.Tests;

/// <summary>A coordinator silo and worker silos (one CPU device each) in this process, on loopback.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private readonly List<IHost> workerHosts = [];

    private TestCluster(ClusterConnection connection, IHost coordinator)
    {
        Connection = connection;
        Coordinator = coordinator;
    }

    public ClusterConnection Connection { get; }
    public IHost Coordinator { get; private set; }
    public List<WorkerNode> Workers { get; } = [];
    public IGrainFactory Grains => Coordinator.Services.GetRequiredService<IGrainFactory>();
    public ClusterCoordinator NewCoordinator() => new(Grains);

    /// <summary>Starts the coordinator then the workers; <paramref name="tamper"/>[i] (when given) corrupts worker i's answers.</summary>
    public static async Task<TestCluster> StartAsync(ClusterConnection connection, int workers, params Func<int, byte[], byte[]>?[] tamper)
    {
        var coordinator = await ClusterSilo.StartAsync(new ClusterSiloOptions { Connection = connection }).WaitAsync(StartLimit);
        var cluster = new TestCluster(connection, coordinator);
        for (int i = 0; i < workers; i++) await cluster.AddWorkerAsync(i < tamper.Length ? tamper[i] : null);
        return cluster;
    }

    public async Task AddWorkerAsync(Func<int, byte[], byte[]>? tamper = null)
    {
        var node = new WorkerNode([ChunkWorker.For(DeviceSpec.Cpu, 1L << 34)], TestModel.Load, TestModel.SrsFor, TestModel.SrsDigest) { Tamper = tamper };
        Workers.Add(node);
        workerHosts.Add(await ClusterSilo.StartAsync(new ClusterSiloOptions { Connection = Connection, Worker = node }).WaitAsync(StartLimit));
    }

    /// <summary>Stops the coordinator silo and starts a new one (Redis clusters only: a localhost primary takes the cluster with it).</summary>
    public async Task RestartCoordinatorAsync()
    {
        await Coordinator.StopAsync(TimeSpan.FromSeconds(30));
        Coordinator.Dispose();
        Coordinator = await ClusterSilo.StartAsync(new ClusterSiloOptions { Connection = Connection }).WaitAsync(StartLimit);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in workerHosts)
        {
            try { await h.StopAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { /* already gone */ }
            h.Dispose();
        }
        try { await Coordinator.StopAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { /* already gone */ }
        Coordinator.Dispose();
        foreach (var w in Workers) w.Dispose();
    }
}
