using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Gpu;

/// <summary>Opens devices by spec; the backend is chosen at run time.</summary>
public static class ComputeDevices
{
    public static IComputeDevice Open(string spec) => Open(DeviceSpec.Parse(spec));

    public static IComputeDevice Open(DeviceSpec spec) => spec.Kind switch
    {
        DeviceKind.Cpu => new CpuDevice(),
        _ => throw new DeviceNotFoundException($"Device '{spec}' is not present: no {spec.Kind} backend is available in this build."),
    };
}
