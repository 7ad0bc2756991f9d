using Microsoft.Extensions.Hosting;
using ZkmlGpu.Cli.Commands;
using ZkmlGpu.Cluster.Coordinator;
using ZkmlGpu.Cluster.Hosting;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Scheduling;
using static ZkmlGpu.Cli.Tests.ProofFiles;

namespace ZkmlGpu.Cli.Tests;

/// <summary>
/// The cluster through `zkml-gpu` processes: `prove --workers 2` writes a bundle `verify` accepts, and a worker process
/// killed in the middle of a job loses its chunk to the other worker without losing the job.
/// </summary>
[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class ClusterCommandTests
{
    private const string Name = "2l_relu_fc";
    private static readonly TimeSpan JobLimit = TimeSpan.FromSeconds(360);

    [Theory]
    [InlineData("--cluster nonsense", "--cluster: ")]
    [InlineData("--cluster localhost:4000 --workers 2", "not both")]
    [InlineData("--workers 0", "--workers must lie in 1..64")]
    [InlineData("--workers 2 --resume job-1", "--resume needs --cluster redis://")]
    [InlineData("--cluster localhost:4000 --resume job-1", "a localhost cluster keeps no job state")]
    [InlineData("--cluster localhost:4000 --min-workers 0", "--min-workers must be at least 1")]
    public void BadClusterOptionsAreOneLineErrors(string options, string expected)
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "bundle");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run(["prove", Model(Name), "--input", Input(Name), "--chunks", "2", "--out", dir, .. options.Split(' ')]), expected);
    }

    [Fact]
    public void ClusterOptionsNeedChunks() =>
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("prove", Model(Name), "--input", Input(Name), "--out", MnistFiles.Scratch(), "--workers", "2"), "give --chunks or --split-at");

    [Fact]
    public void WorkerRejectsABadClusterAndAbsentDevices()
    {
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("worker", "--cluster", "10.0.0.1:6379"), "neither redis:// nor localhost");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("worker", "--cluster", "localhost:4000", "--device", "cuda:7"), "cuda:7");
    }

    [Fact]
    public void ProveOnTwoLocalWorkerProcessesWritesABundleThatVerifies()
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "bundle");
        var r = ConsoleRunner.Run("prove", Model(Name), "--input", Input(Name), "--chunks", "2", "--out", dir, "--workers", "2");
        Assert.True(r.Exit == 0, r.Err);
        var line = Json(r.Out);
        Assert.Equal(2, line.GetProperty("workers").GetInt32());
        var chunks = line.GetProperty("perChunk").EnumerateArray().ToArray();
        Assert.Equal(2, chunks.Length);
        Assert.All(chunks, c => Assert.True(c.GetProperty("bytesSent").GetInt64() > 0 && c.GetProperty("bytesReceived").GetInt64() > 0));
        Assert.Contains("cluster job", r.Err);

        var v = Verdict(ConsoleRunner.Run("verify", dir, "--model", Model(Name)));
        Assert.True(v.Verified, v.Reason);
    }

    /// <remarks>
    /// Workers on one machine write a model sent to them to the same file (named by digest): a worker reading it while
    /// another writes it, or after another was killed while writing it, must still see the whole model (the kill test
    /// below once failed so). Two loops load the same blob at once; each must see the model and leave no file aside.
    /// </remarks>
    [Fact]
    public async Task WorkersOnOneMachineLoadingTheSameModelAtOnceEachSeeTheWholeModel()
    {
        var blob = ClusterCli.Blob(new FileInfo(Model(Name)), null);
        int expected = ClusterCli.LoadBlob(blob).Graph.Nodes.Count;
        var loads = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 25; i++) Assert.Equal(expected, ClusterCli.LoadBlob(blob).Graph.Nodes.Count);
        }));
        await Task.WhenAll(loads);
        string dir = Path.Combine(Path.GetTempPath(), "zkml-gpu-models", blob.Digest);
        Assert.Equal(["network.onnx"], Directory.GetFiles(dir).Select(Path.GetFileName)); // nothing left aside
    }

    [Fact]
    public async Task AWorkerProcessKilledMidJobLosesItsChunkToTheOtherAndTheBundleVerifies()
    {
        var conn = ClusterConnection.Localhost(FreePorts.NextPair(), $"test-{Guid.NewGuid():N}");
        var loaded = ModelCli.LoadWith(new FileInfo(Model(Name)), null);
        var q = loaded.Quantized;
        var plan = ChunkPlanner.Even(q, 2, ChunkOptions.RowsOf(q), ChunkOptions.CommitRowsPerValue);
        var source = new SrsSource(null);
        using var device = new CpuDevice();
        using var keys = ChunkKeySet.Create(plan, source.Load, device);
        var activations = IntegerExecutor.Run(q, ModelCli.ReadInputs(loaded, new FileInfo(Input(Name))));

        using var silo = await ClusterSilo.StartAsync(new ClusterSiloOptions { Connection = conn }).WaitAsync(TimeSpan.FromSeconds(60));
        using var workers = WorkerProcesses.Start(2, conn, "cpu", null);
        string? killed = null;
        var kill = Task.CompletedTask;
        var job = new ClusterJob
        {
            JobId = "kill", Model = ClusterCli.Blob(new FileInfo(Model(Name)), null), Keys = keys, Activations = activations,
            Secrets = ChunkSecrets.Fresh(plan.Chunks.Count), SrsDigest = source.Digest.Hex, MinWorkers = 2, WorkerWait = TimeSpan.FromSeconds(120),
            OnEvent = e =>
            {
                if (e.Kind != ChunkEventKind.Started || killed is not null) return;
                killed = e.Device!;
                int port = int.Parse(killed[(killed.IndexOf(':') + 1)..killed.IndexOf('/')]);
                var victim = workers.Processes[workers.SiloPorts.ToList().IndexOf(port)];
                // Once the chunk is on its way: the worker dies fetching the model, making the key or proving.
                kill = Task.Delay(300).ContinueWith(_ => victim.Kill(entireProcessTree: true), TaskScheduler.Default);
            },
        };
        var result = await new ClusterCoordinator(ClusterSilo.Grains(silo)).RunAsync(job).WaitAsync(JobLimit);
        await kill;

        Assert.NotNull(killed);
        Assert.Equal((true, (string?)null), BundleVerifier.Verify(plan.Chunks.Select(c => keys.For(c.Index).Vk).ToArray(), result.Proofs));
        Assert.DoesNotContain(killed, result.Devices);
        Assert.Contains(result.Chunks, c => c.FailedOn.Contains(killed));

        var status = ConsoleRunner.Run("cluster", "status", "--cluster", conn.ToString());
        Assert.True(status.Exit == 0, status.Err);
        var listed = Json(status.Out).GetProperty("workers").EnumerateArray().ToArray();
        var survivor = Assert.Single(listed);
        Assert.NotEqual(killed, survivor.GetProperty("endpoint").GetString() + "/cpu");
        await silo.StopAsync(TimeSpan.FromSeconds(10));
    }
}
