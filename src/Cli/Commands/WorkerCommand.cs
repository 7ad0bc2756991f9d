using Microsoft.Extensions.Hosting;
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using ZkmlGpu.Cluster.Hosting;
using ZkmlGpu.Cluster.Worker;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu worker --cluster CONN [--device SPEC] [--srs FILE] [--advertise IP] [--listen-any] [--silo-port P]
/// [--gateway-port P] [--tls-cert FILE]`: runs an Orleans worker silo that offers the devices and proves the chunks coordinators send it,
/// until stopped (Ctrl+C, SIGTERM). Prints one JSON line once it has joined: {"op":"worker","cluster","endpoint","devices"}.
/// The SRS must be the one the jobs use (a job for another SRS is refused).
/// </summary>
public sealed class WorkerCommand : ICliCommand
{
    public Command Build()
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster: redis://HOST:PORT, or localhost:PORT (a coordinator's primary silo on this machine).", Required = true };
        var deviceOption = new Option<string>("--device") { Description = "Devices to offer: cpu, cuda:N, opencl:N or a list (cuda:0,cuda:1).", DefaultValueFactory = _ => "cpu" };
        var srs = SrsSource.Option();
        var advertise = new Option<string>("--advertise") { Description = "The address other machines reach this worker at (default 127.0.0.1: this machine only).", DefaultValueFactory = _ => "127.0.0.1" };
        var listenAny = new Option<bool>("--listen-any") { Description = "Listen on every interface (with --advertise set to this machine's address)." };
        var siloPort = new Option<int>("--silo-port") { Description = "Silo-to-silo port (default: a free one)." };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Client gateway port (default: a free one)." };
        var tls = ClusterCli.TlsOption();
        var exitWith = new Option<int?>("--exit-with") { Description = "Stop when the process with this id exits (set by `prove --workers`).", Hidden = true };
        var command = new Command("worker", "Run a worker silo that proves chunks for cluster jobs on its devices; prints a JSON line when it has joined.")
        {
            cluster, deviceOption, srs, advertise, listenAny, siloPort, gatewayPort, tls, exitWith,
        };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            var conn = ClusterCli.Connection(result.GetValue(cluster)!);
            if (!IPAddress.TryParse(result.GetValue(advertise), out var address)) throw new UsageException($"--advertise must be an IP address; got '{result.GetValue(advertise)}'");
            IReadOnlyList<ChunkWorker> devices;
            try { devices = ChunkWorkers.Resolve(result.GetValue(deviceOption) ?? "cpu", ChunkWorkers.Present()); }
            catch (ChunkSchedulingException e) { throw new UsageException(e.Message); }
            var source = new SrsSource(result.GetValue(srs));
            using var node = new WorkerNode(devices, ClusterCli.LoadBlob, source.Load, source.Digest.Hex);
            using var stop = new CancellationTokenSource();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            if (result.GetValue(exitWith) is int parent) WatchParent(parent, stop);

            var options = new ClusterSiloOptions
            {
                Connection = conn, Worker = node, Advertise = address, ListenOnAnyAddress = result.GetValue(listenAny),
                SiloPort = result.GetValue(siloPort), GatewayPort = result.GetValue(gatewayPort), Certificate = ClusterCli.Certificate(result.GetValue(tls)),
            };
            IHost silo;
            try { silo = ClusterSilo.StartAsync(options, stop.Token).WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult(); }
            catch (Exception e) when (e is not OutOfMemoryException) { throw ClusterCli.Failure(e); }
            using (silo)
            {
                output.WriteLine(ModelCli.Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("op", "worker");
                    w.WriteString("cluster", conn.ToString());
                    w.WriteString("endpoint", ClusterSilo.EndpointOf(silo));
                    w.WriteStartArray("devices");
                    foreach (var d in devices) w.WriteStringValue(d.Name);
                    w.WriteEndArray();
                    w.WriteString("srs", source.Label);
                    w.WriteEndObject();
                }));
                output.Flush();
                try { Task.Delay(Timeout.Infinite, stop.Token).GetAwaiter().GetResult(); }
                catch (OperationCanceledException) { }
                try { silo.StopAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult(); }
                catch (Exception) { /* leaving anyway */ }
            }
            return 0;
        }));
        return command;
    }

    private static void WatchParent(int pid, CancellationTokenSource stop)
    {
        Process parent;
        try { parent = Process.GetProcessById(pid); }
        catch (ArgumentException) { stop.Cancel(); return; }
        _ = parent.WaitForExitAsync().ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
    }
}
