using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Gpu;

/// <summary>Opens devices by spec; the backend is chosen at run time ("cpu" managed, "cuda:N"/"opencl:N" via ILGPU).</summary>
public static class ComputeDevices
{
    public static IComputeDevice Open(string spec) => Open(DeviceSpec.Parse(spec));

    /// <summary>Throws <see cref="DeviceNotFoundException"/> when the device is absent or cannot run the kernels.</summary>
    public static IComputeDevice Open(DeviceSpec spec) => spec.Kind switch
    {
        DeviceKind.Cpu => new CpuDevice(),
        DeviceKind.Cuda or DeviceKind.OpenCL => IlgpuDevices.Open(spec),
        _ => throw new DeviceNotFoundException($"Device '{spec}' is not present: no {spec.Kind} backend is available in this build."),
    };
}
