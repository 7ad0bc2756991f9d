using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>Turns a `--device` list into scheduler workers, with one-line errors for bad, repeated or absent devices.</summary>
public static class ChunkWorkers
{
    /// <summary>
    /// The devices named in <paramref name="deviceList"/> ("cpu", "cuda:0,cuda:1"), taken from
    /// <paramref name="present"/> (their memory included).
    /// </summary>
    public static IReadOnlyList<ChunkWorker> Resolve(string deviceList, IReadOnlyList<ChunkWorker> present)
    {
        IReadOnlyList<DeviceSpec> specs;
        try { specs = DeviceSpec.ParseList(deviceList); }
        catch (FormatException e) { throw new ChunkSchedulingException(e.Message, null, e); }
        return specs.Select(spec => present.FirstOrDefault(w => w.Spec == spec)
            ?? throw new ChunkSchedulingException($"device '{spec}' is not present here (present: {string.Join(", ", present.Select(w => w.Name))})")).ToArray();
    }

    /// <summary>The devices on this machine: the CPU backend (with the memory the process may use) and every usable GPU.</summary>
    public static IReadOnlyList<ChunkWorker> Present()
    {
        var list = new List<ChunkWorker> { ChunkWorker.For(DeviceSpec.Cpu, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes) };
        list.AddRange(IlgpuDevices.List().Where(d => d.Usable).Select(d => ChunkWorker.For(d.Spec, d.MemoryBytes)));
        return list;
    }
}
