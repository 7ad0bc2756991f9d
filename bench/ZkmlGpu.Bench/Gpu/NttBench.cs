using BenchmarkDotNet.Attributes;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Bench.Gpu;

/// <summary>Forward and inverse NTT over Fr on the CPU backend, device-resident data (2^12 … 2^22).</summary>
[MemoryDiagnoser]
public class NttBench
{
    [Params(12, 16, 20, 22)]
    public int LogSize { get; set; }

    private IComputeDevice device = null!;
    private FrVector values = null!;

    [GlobalSetup]
    public void Setup()
    {
        device = ComputeDevices.Open(DeviceSpec.Cpu);
        values = device.Upload(BenchmarkInputs.RandomScalars(1 << LogSize, seed: 3));
        device.Ntt(values, NttDirection.Forward); // fills the twiddle cache
    }

    [Benchmark]
    public void Forward() => device.Ntt(values, NttDirection.Forward);

    [Benchmark]
    public void Inverse() => device.Ntt(values, NttDirection.Inverse);

    [Benchmark]
    public void CosetForward() => device.CosetNtt(values, ZkmlGpu.Field.Fr.MultiplicativeGenerator, NttDirection.Forward);

    [GlobalCleanup]
    public void Cleanup()
    {
        values.Dispose();
        device.Dispose();
    }
}
