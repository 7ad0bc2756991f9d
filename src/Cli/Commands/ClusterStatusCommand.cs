using Microsoft.Extensions.Hosting;
using System.CommandLine;
using ZkmlGpu.Cluster.Coordinator;
using ZkmlGpu.Cluster.Hosting;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu cluster status --cluster CONN [--tls-cert FILE]`: the cluster's workers, their devices and the chunk each device runs
/// (-1: idle), as one JSON line {"cluster","workers":[{"endpoint","machine","devices":[{"name","memoryBytes","runningChunk","chunksDone"}]}]}.
/// </summary>
public sealed class ClusterStatusCommand : ICliCommand
{
    public string? Parent => "cluster";

    public Command Build()
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster: redis://HOST:PORT or localhost:PORT.", Required = true };
        var tls = ClusterCli.TlsOption();
        var command = new Command("status", "List the cluster's workers, their devices and running chunks (JSON).") { cluster, tls };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            var conn = ClusterCli.Connection(result.GetValue(cluster)!);
            IReadOnlyList<Cluster.Messages.WorkerInfo> workers;
            try
            {
                using var client = ClusterClientHost.StartAsync(conn, ClusterCli.Certificate(result.GetValue(tls))).WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
                workers = ClusterWorkers.ListAsync(client.Grains()).WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
                client.StopAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException and not UsageException) { throw ClusterCli.Failure(e); }
            output.WriteLine(ModelCli.Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("cluster", conn.ToString());
                w.WriteStartArray("workers");
                foreach (var worker in workers)
                {
                    w.WriteStartObject();
                    w.WriteString("endpoint", worker.Endpoint);
                    w.WriteString("machine", worker.Machine);
                    w.WriteStartArray("devices");
                    foreach (var d in worker.Devices)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", d.Name);
                        w.WriteNumber("memoryBytes", d.MemoryBytes);
                        w.WriteNumber("runningChunk", d.RunningChunk);
                        w.WriteNumber("chunksDone", d.ChunksDone);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }));
            return 0;
        }));
        return command;
    }
}
