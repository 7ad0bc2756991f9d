using System.CommandLine;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu devices`: the managed CPU backend first, then every CUDA and OpenCL device ILGPU finds, with memory.</summary>
public sealed class DevicesCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("devices", "List the compute devices available here (cpu, cuda:N, opencl:N) with their memory.");
        command.SetAction(_ =>
        {
            using (var cpu = ComputeDevices.Open(DeviceSpec.Cpu))
            {
                long ram = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
                Console.WriteLine($"{cpu.Spec,-10} {cpu.Description}, {IlgpuDevices.FormatBytes(ram)} memory");
            }
            var gpus = IlgpuDevices.List();
            foreach (var d in gpus)
            {
                string line = $"{d.Spec,-10} {d.Name}, {IlgpuDevices.FormatBytes(d.MemoryBytes)} memory";
                if (!d.Usable) line += $" — unusable: {d.Problem}";
                Console.WriteLine(line);
            }
            if (!gpus.Any(d => d.Spec.Kind == DeviceKind.Cuda))
                Console.WriteLine("(no CUDA device found: no NVIDIA driver or GPU)");
            return 0;
        });
        return command;
    }
}
