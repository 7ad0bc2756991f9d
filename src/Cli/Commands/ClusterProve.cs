using Microsoft.Extensions.Hosting;
using System.Diagnostics;
using System.CommandLine;
using System.Security.Cryptography;
using ZkmlGpu.Cluster.Coordinator;
using ZkmlGpu.Cluster.Hosting;
using ZkmlGpu.Gpu;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu prove … --chunks N --out DIR (--cluster CONN | --workers N) [--resume JOB_ID]`: the coordinator. It makes
/// the chunk plan's keys (its verifying keys check every proof as it arrives), runs a coordinator silo, sends each
/// chunk to a worker device (<see cref="ClusterCoordinator"/>) and writes the same bundle as a local run
/// (<see cref="BundleWriter"/>). The salts are written to DIR.secrets.json before any chunk is sent, so a job that
/// stops can be resumed (Redis clusters) with the same salts. Prints one JSON line; per chunk it has the device, the
/// bytes sent and received, the round trip and the worker's own keygen and proving time.
/// </summary>
internal static class ClusterProve
{
    public static int Run(TextWriter output, ParseResult result, ClusterOptions options, FileInfo modelFile, LoadedModel loaded, Settings? given,
        Settings reproducing, ChunkPlan plan, int maxLogRows, FileInfo inputFile, DirectoryInfo dir, SrsSource source, FileInfo? srsFile,
        IComputeDevice device, string deviceSpec)
    {
        var (conn, localWorkers, minWorkers) = options.Resolve(result);
        string? resume = result.GetValue(options.Resume);
        var tlsFile = result.GetValue(options.Tls);
        var certificate = ClusterCli.Certificate(tlsFile);
        var q = loaded.Quantized;
        var activations = IntegerExecutor.Run(q, ModelCli.ReadInputs(loaded, inputFile));
        var blob = ClusterCli.Blob(modelFile, given);

        var keygen = Stopwatch.StartNew();
        using var keys = ChunkKeySet.Create(plan, source.Load, device, maxLogRows);
        double keygenMs = keygen.Elapsed.TotalMilliseconds;
        int n = plan.Chunks.Count;
        ChunkSecrets secrets;
        if (resume is null)
        {
            secrets = ChunkSecrets.Fresh(n);
            dir.Create();
            BundleSecretsFile.Write(dir, keys.DigestHex, secrets);
        }
        else secrets = BundleSecretsFile.Read(BundleSecretsFile.PathFor(dir), n);
        string jobId = resume ?? $"job-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        result.InvocationConfiguration.Error.WriteLine($"cluster job {jobId} on {conn} (resume with --resume {jobId})");

        ClusterJobResult job;
        WorkerProcesses? spawned = null;
        try
        {
            using var silo = ClusterSilo.StartAsync(new ClusterSiloOptions { Connection = conn, Certificate = certificate }).WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
            try
            {
                if (localWorkers > 0) spawned = WorkerProcesses.Start(localWorkers, conn, deviceSpec, srsFile, tlsFile);
                job = new ClusterCoordinator(ClusterSilo.Grains(silo)).RunAsync(new ClusterJob
                {
                    JobId = jobId, Model = blob, Keys = keys, Activations = activations, Secrets = secrets, SrsDigest = source.Digest.Hex,
                    Resume = resume is not null, MinWorkers = minWorkers, WorkerWait = TimeSpan.FromMinutes(2),
                }).GetAwaiter().GetResult();
            }
            finally
            {
                spawned?.Dispose();
                try { silo.StopAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult(); } catch (Exception) { /* leaving anyway */ }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException and not UsageException)
        {
            string why = spawned?.Exited() is { Length: > 0 } exited ? $" ({exited})" : "";
            throw new UsageException(ClusterCli.Failure(e).Message + why);
        }

        var (manifest, secretsPath) = new BundleWriter(modelFile, reproducing, q, keys, source).Write(dir, job.Proofs, job.Devices, activations, secrets);
        double overheadMs = job.Chunks.Where(c => !c.Resumed).Sum(c => c.RoundTripMs - c.WorkerKeygenMs - c.WorkerProveMs + c.VerifyMs) + job.ModelSendMs;
        output.WriteLine(ModelCli.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("op", "prove");
            w.WriteString("bundle", dir.FullName);
            w.WriteString("cluster", conn.ToString());
            w.WriteString("job", jobId);
            w.WriteNumber("workers", job.Workers);
            w.WriteNumber("chunks", manifest.Chunks.Count);
            w.WriteStartArray("cuts");
            foreach (int c in plan.Cuts) w.WriteNumberValue(c);
            w.WriteEndArray();
            w.WriteNumber("distinctKeys", keys.DistinctKeys);
            w.WriteNumber("keygenMs", Math.Round(keygenMs, 1));
            w.WriteNumber("jobMs", Math.Round(job.TotalMs, 1));
            w.WriteNumber("overheadMs", Math.Round(overheadMs, 1));
            w.WriteNumber("modelBytesSent", job.ModelBytesSent);
            w.WriteStartArray("perChunk");
            foreach (var c in job.Chunks)
            {
                w.WriteStartObject();
                w.WriteNumber("index", c.Chunk);
                w.WriteString("device", c.Device);
                w.WriteBoolean("resumed", c.Resumed);
                w.WriteNumber("bytesSent", c.BytesSent);
                w.WriteNumber("bytesReceived", c.BytesReceived);
                w.WriteNumber("roundTripMs", Math.Round(c.RoundTripMs, 1));
                w.WriteNumber("workerKeygenMs", Math.Round(c.WorkerKeygenMs, 1));
                w.WriteNumber("workerProveMs", Math.Round(c.WorkerProveMs, 1));
                w.WriteNumber("verifyMs", Math.Round(c.VerifyMs, 1));
                w.WriteStartArray("failedOn");
                foreach (string f in c.FailedOn) w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("keySetDigest", keys.DigestHex);
            w.WriteString("secrets", secretsPath);
            w.WriteString("secretsNote", "the commitment salts, kept outside the bundle: keep private, do not ship");
            w.WriteString("srs", source.Label);
            w.WriteEndObject();
        }));
        return 0;
    }
}
