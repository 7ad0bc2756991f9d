using System.CommandLine;
using ZkmlGpu.Gpu;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu devices`: lists the devices this machine offers.</summary>
public sealed class DevicesCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("devices", "List the compute devices available here.");
        command.SetAction(_ =>
        {
            using var cpu = ComputeDevices.Open(DeviceSpec.Cpu);
            Console.WriteLine($"{cpu.Spec,-10} {cpu.Description}");
            return 0;
        });
        return command;
    }
}
