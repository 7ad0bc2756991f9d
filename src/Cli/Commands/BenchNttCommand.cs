using System.CommandLine;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu bench ntt --log-size N [--device SPEC] [--runs R]`: times a forward 2^N NTT on resident data.</summary>
public sealed class BenchNttCommand : ICliCommand
{
    public string? Parent => "bench";

    public Command Build()
    {
        var support = new BenchSupport();
        var command = support.CreateCommand("ntt", "Time a forward NTT over Fr of 2^N random elements.");
        command.SetAction(parse => support.Run(parse, "ntt", 28, (device, log) =>
        {
            var values = device.Upload(BenchmarkInputs.RandomScalars(1 << log, seed: 3));
            return (() => device.Ntt(values, NttDirection.Forward), values);
        }));
        return command;
    }
}
