using System.CommandLine;
using ZkmlGpu.Cluster.Hosting;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`prove`'s cluster options: --cluster CONN (workers already running), --workers N (N local worker processes), --resume JOB_ID, --min-workers N, --tls-cert FILE.</summary>
internal sealed class ClusterOptions
{
    public Option<string?> Cluster { get; } = new("--cluster") { Description = "Prove the chunks on a cluster's workers: redis://HOST:PORT, or localhost:PORT (this process is the primary silo there)." };
    public Option<int?> Workers { get; } = new("--workers") { Description = "Start N local worker processes on loopback and prove the chunks on them (no --cluster needed)." };
    /// <summary>--resume [JOB_ID], shared with local chunked proving: alone, it finishes the bundle in --out; with a job id, a Redis cluster's job.</summary>
    public Option<string?> Resume { get; } = new("--resume")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "Finish a stopped run without proving its finished chunks again: alone, the bundle in --out; with --cluster redis://…, cluster job JOB_ID.",
    };
    public Option<int> MinWorkers { get; } = new("--min-workers") { Description = "With --cluster: workers to wait for before placing chunks (default 1).", DefaultValueFactory = _ => 1 };

    public Option<FileInfo?> Tls { get; } = ClusterCli.TlsOption();

    public IEnumerable<Option> All => [Cluster, Workers, Resume, MinWorkers, Tls];

    /// <summary>True when --resume was given, with or without a job id.</summary>
    public bool Resuming(ParseResult result) => result.GetResult(Resume) is not null;

    public bool Given(ParseResult result) => result.GetValue(Cluster) is not null || result.GetValue(Workers) is not null;

    /// <summary>The cluster to use and the number of local workers to start (0: none); bad combinations are one-line errors.</summary>
    public (ClusterConnection Connection, int LocalWorkers, int MinWorkers) Resolve(ParseResult result)
    {
        string? cluster = result.GetValue(Cluster);
        int? workers = result.GetValue(Workers);
        string? resume = result.GetValue(Resume);
        if (cluster is not null && workers is not null) throw new UsageException("give --cluster CONN or --workers N, not both");
        if (workers is { } n)
        {
            if (n is < 1 or > 64) throw new UsageException($"--workers must lie in 1..64; got {n}");
            if (Resuming(result)) throw new UsageException("--resume needs --cluster redis://…: a --workers cluster ends with this process");
            return (ClusterConnection.Localhost(FreePorts.NextPair(), $"zkml-gpu-{Environment.ProcessId}"), n, n);
        }
        if (cluster is null) throw new UsageException("--resume JOB_ID needs --cluster redis://HOST:PORT");
        var conn = ClusterCli.Connection(cluster);
        if (Resuming(result) && resume is null) throw new UsageException("on a cluster, --resume needs the JOB_ID the first run printed");
        if (resume is not null && conn.Kind != ClusterConnectionKind.Redis)
            throw new UsageException("--resume needs --cluster redis://…: a localhost cluster keeps no job state past its coordinator");
        int min = result.GetValue(MinWorkers);
        if (min < 1) throw new UsageException($"--min-workers must be at least 1; got {min}");
        return (conn, 0, min);
    }
}
