using System.Globalization;

namespace ZkmlGpu.Cluster.Hosting;

/// <summary>
/// A cluster's connection string (`--cluster CONN`): <c>redis://HOST:PORT[/DB]</c> (membership and job state in
/// Redis) or <c>localhost:PORT</c> (Orleans' localhost clustering: the coordinator is the primary silo on loopback
/// port PORT and its gateway on PORT + 1). Either may end in <c>?cluster=NAME</c> to run several clusters side by side.
/// </summary>
public sealed record ClusterConnection(ClusterConnectionKind Kind, string Host, int Port, int Database, string ClusterId)
{
    public const string DefaultClusterId = "zkml-gpu";
    public const string ServiceId = "zkml-gpu";

    public static ClusterConnection Localhost(int primaryPort, string clusterId = DefaultClusterId) =>
        new(ClusterConnectionKind.Localhost, "127.0.0.1", primaryPort, 0, clusterId);

    /// <summary>Parses CONN; a malformed one is a <see cref="FormatException"/> saying what is expected.</summary>
    public static ClusterConnection Parse(string text)
    {
        string Bad(string why) => $"--cluster: {why}; expected redis://HOST:PORT or localhost:PORT (got '{text}')";
        ArgumentNullException.ThrowIfNull(text);
        string rest = text.Trim(), clusterId = DefaultClusterId;
        int q = rest.IndexOf('?');
        if (q >= 0)
        {
            string query = rest[(q + 1)..];
            rest = rest[..q];
            if (!query.StartsWith("cluster=", StringComparison.Ordinal) || query.Length == "cluster=".Length || query.Contains('&'))
                throw new FormatException(Bad("the only option is ?cluster=NAME"));
            clusterId = query["cluster=".Length..];
            if (!clusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) throw new FormatException(Bad("a cluster name is letters, digits, '-', '_' and '.'"));
        }
        bool redis = rest.StartsWith("redis://", StringComparison.OrdinalIgnoreCase);
        if (redis) rest = rest["redis://".Length..];
        int database = 0;
        int slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            if (!redis || !int.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out database) || database > 15)
                throw new FormatException(Bad("a database number 0..15 follows '/' in a redis:// address only"));
            rest = rest[..slash];
        }
        int colon = rest.LastIndexOf(':');
        if (colon <= 0) throw new FormatException(Bad("no port"));
        string host = rest[..colon];
        if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65534)
            throw new FormatException(Bad("the port must be a number in 1..65534"));
        if (!redis && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            throw new FormatException(Bad($"'{host}' is neither redis:// nor localhost"));
        return redis ? new(ClusterConnectionKind.Redis, host, port, database, clusterId) : Localhost(port, clusterId);
    }

    /// <summary>StackExchange.Redis' configuration string.</summary>
    public string RedisConfiguration => $"{Host}:{Port},defaultDatabase={Database},abortConnect=false";

    public override string ToString() =>
        (Kind == ClusterConnectionKind.Redis ? $"redis://{Host}:{Port}" + (Database != 0 ? $"/{Database}" : "") : $"localhost:{Port}")
        + (ClusterId != DefaultClusterId ? $"?cluster={ClusterId}" : "");
}
