using Orleans.Runtime;

namespace ZkmlGpu.Cluster.Placement;

/// <summary>
/// Keys of the grains pinned to a worker silo: the silo's parsable address ("10.0.0.5:11111@123456789") for its
/// node, and that followed by "/" and a device ("…/cuda:0") for each device.
/// </summary>
public static class WorkerKeys
{
    public static string Node(SiloAddress silo) => silo.ToParsableString();

    public static string Device(string nodeKey, string device) => $"{nodeKey}/{device}";

    public static SiloAddress SiloOf(string key)
    {
        int slash = key.IndexOf('/');
        return SiloAddress.FromParsableString(slash < 0 ? key : key[..slash]);
    }

    public static string DeviceOf(string key)
    {
        int slash = key.IndexOf('/');
        return slash < 0 ? throw new FormatException($"'{key}' names no device") : key[(slash + 1)..];
    }
}
