using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace ZkmlGpu.Gpu.Ilgpu;

/// <summary>One GPU found by ILGPU: its spec (cuda:N, opencl:N), name, memory, and whether the kernels can run on it.</summary>
public sealed record IlgpuDeviceInfo(DeviceSpec Spec, string Name, long MemoryBytes, bool Usable, string? Problem);

/// <summary>Discovery and opening of ILGPU devices. Indices count CUDA and OpenCL devices separately, in ILGPU's order.</summary>
public static class IlgpuDevices
{
    /// <summary>Every CUDA and OpenCL device (usable or not). Never throws: a missing driver just means none.</summary>
    public static IReadOnlyList<IlgpuDeviceInfo> List()
    {
        var result = new List<IlgpuDeviceInfo>();
        try
        {
            using var context = CreateContext(DeviceKind.Cuda);
            var cuda = context.GetCudaDevices();
            for (int i = 0; i < cuda.Count; i++)
                result.Add(new IlgpuDeviceInfo(new DeviceSpec(DeviceKind.Cuda, i), cuda[i].Name, cuda[i].MemorySize, true, null));
        }
        catch (Exception e) when (e is not OutOfMemoryException) { /* no CUDA driver */ }
        try
        {
            using var context = CreateContext(DeviceKind.OpenCL);
            var cl = context.GetCLDevices();
            for (int i = 0; i < cl.Count; i++)
            {
                string? problem = OpenClProblem(cl[i]);
                result.Add(new IlgpuDeviceInfo(new DeviceSpec(DeviceKind.OpenCL, i), cl[i].Name, cl[i].MemorySize, problem is null, problem));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException) { /* no OpenCL runtime */ }
        return result;
    }

    /// <summary>Opens cuda:N or opencl:N; throws <see cref="DeviceNotFoundException"/> when absent or unusable.</summary>
    public static IlgpuDevice Open(DeviceSpec spec)
    {
        if (spec.Kind == DeviceKind.Cpu) throw new ArgumentException("'cpu' is the managed backend; use CpuDevice.", nameof(spec));
        Context context;
        try { context = CreateContext(spec.Kind); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DeviceNotFoundException($"Device '{spec}' is not available: ILGPU could not initialise {spec.Kind} ({e.Message}).", e);
        }
        try
        {
            Device device;
            if (spec.Kind == DeviceKind.Cuda)
            {
                var cuda = context.GetCudaDevices();
                if (spec.Index >= cuda.Count)
                    throw new DeviceNotFoundException(cuda.Count == 0
                        ? $"Device '{spec}' is not present: no CUDA device found (is the NVIDIA driver installed?). Use 'zkml-gpu devices' to list devices."
                        : $"Device '{spec}' is not present: found {cuda.Count} CUDA device(s), cuda:0 … cuda:{cuda.Count - 1}.");
                device = cuda[spec.Index];
            }
            else
            {
                var cl = context.GetCLDevices();
                if (spec.Index >= cl.Count)
                    throw new DeviceNotFoundException(cl.Count == 0
                        ? $"Device '{spec}' is not present: no OpenCL device found. Use 'zkml-gpu devices' to list devices."
                        : $"Device '{spec}' is not present: found {cl.Count} OpenCL device(s), opencl:0 … opencl:{cl.Count - 1}.");
                string? problem = OpenClProblem(cl[spec.Index]);
                if (problem is not null) throw new DeviceNotFoundException($"Device '{spec}' ({cl[spec.Index].Name}) cannot run the kernels: {problem}.");
                device = cl[spec.Index];
            }
            Accelerator accelerator;
            try { accelerator = device.CreateAccelerator(context); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new DeviceNotFoundException($"Device '{spec}' ({device.Name}) could not be opened: {e.Message}", e);
            }
            return new IlgpuDevice(context, accelerator, spec);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ILGPU's CPU accelerator (kernels run as .NET code on simulated warps) with a small thread count, for tests and the
    /// device check without a GPU. Its spec reads "cpu", but its description names the accelerator.
    /// </summary>
    internal static IlgpuDevice OpenCpuAccelerator(int threadsPerWarp = 4, int warpsPerMultiprocessor = 4, int multiprocessors = 1)
    {
        var cpuDevice = new CPUDevice(threadsPerWarp, warpsPerMultiprocessor, multiprocessors);
        var context = Context.Create(b => b.CPU(cpuDevice).EnableAlgorithms());
        try
        {
            var accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
            return new IlgpuDevice(context, accelerator, DeviceSpec.Cpu);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    private static Context CreateContext(DeviceKind kind) => kind switch
    {
        DeviceKind.Cuda => Context.Create(b => b.Cuda().Optimize(OptimizationLevel.O2).EnableAlgorithms()),
        // Register every OpenCL device so unusable ones can be named and explained.
        DeviceKind.OpenCL => Context.Create(b => b.OpenCL(_ => true).Optimize(OptimizationLevel.O2).EnableAlgorithms()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string? OpenClProblem(CLDevice device) =>
        device.Capabilities.GenericAddressSpace ? null
            : $"its OpenCL driver ({device.DeviceVersion}) lacks the generic address space support that ILGPU's OpenCL backend needs";

    public static string FormatBytes(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.#} GiB" : $"{bytes / (double)(1L << 20):0.#} MiB";
}
