using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Bench.Gpu;

/// <summary>G1 MSM on the CPU backend with resident bases and scalars, for 2^12 … 2^20 points.</summary>
[MemoryDiagnoser]
public class MsmBench
{
    [Params(12, 16, 20)]
    public int LogSize { get; set; }

    private IComputeDevice device = null!;
    private G1Bases bases = null!;
    private FrVector scalars = null!;

    [GlobalSetup]
    public void Setup()
    {
        device = ComputeDevices.Open(DeviceSpec.Cpu);
        int n = 1 << LogSize;
        bases = device.UploadBases(BenchmarkInputs.RandomPoints(n, seed: 1));
        scalars = device.Upload(BenchmarkInputs.RandomScalars(n, seed: 2));
    }

    [Benchmark]
    public G1Jacobian Msm() => device.Msm(bases, scalars);

    [GlobalCleanup]
    public void Cleanup()
    {
        bases.Dispose();
        scalars.Dispose();
        device.Dispose();
    }
}
