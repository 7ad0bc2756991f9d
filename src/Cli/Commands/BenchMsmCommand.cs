using System.CommandLine;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu bench msm --log-size N [--device SPEC] [--runs R]`: times a 2^N-point G1 MSM on resident data.</summary>
public sealed class BenchMsmCommand : ICliCommand
{
    public string? Parent => "bench";

    public Command Build()
    {
        var support = new BenchSupport();
        var command = support.CreateCommand("msm", "Time a G1 multi-scalar multiplication of 2^N random points and scalars.");
        command.SetAction(parse => support.Run(parse, "msm", 26, (device, log) =>
        {
            int n = 1 << log;
            var bases = device.UploadBases(BenchmarkInputs.RandomPoints(n, seed: 1));
            var scalars = device.Upload(BenchmarkInputs.RandomScalars(n, seed: 2));
            return (() => device.Msm(bases, scalars), new DisposeAll(bases, scalars));
        }));
        return command;
    }
}
