using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>The CPU backend lends the caller's array as a vector: operations write into it, with the upload path's results.</summary>
public class CpuDeviceBorrowTests
{
    [Fact]
    public void ABorrowedArrayIsTransformedInPlaceAsAnUploadedCopyWouldBe()
    {
        using var device = new CpuDevice();
        var values = BenchmarkInputs.RandomScalars(1 << 10, seed: 5);
        using var uploaded = device.Upload(values);
        device.Ntt(uploaded, NttDirection.Forward);
        var expected = uploaded.ToArray();

        var borrowed = device.Borrow(values);
        Assert.NotNull(borrowed);
        using (borrowed)
        {
            device.Ntt(borrowed, NttDirection.Forward);
            Assert.Equal(expected, values); // the caller's array holds the result, no copy back
        }
    }

    [Fact]
    public void DevicesWithoutHostMemoryLendNothing()
    {
        IComputeDevice device = new RecordingOnlyDevice();
        Assert.Null(device.Borrow(new Fr[4]));
    }

    /// <summary>An IComputeDevice that takes the interface's default Borrow.</summary>
    private sealed class RecordingOnlyDevice : IComputeDevice
    {
        public DeviceSpec Spec => DeviceSpec.Cpu;
        public string Description => "test";
        public FrVector Allocate(int length) => throw new NotSupportedException();
        public FrVector Upload(ReadOnlySpan<Fr> values) => throw new NotSupportedException();
        public G1Bases UploadBases(ReadOnlySpan<G1Affine> points) => throw new NotSupportedException();
        public void Ntt(FrVector values, NttDirection direction) => throw new NotSupportedException();
        public void CosetNtt(FrVector values, Fr shift, NttDirection direction) => throw new NotSupportedException();
        public G1Jacobian Msm(G1Bases bases, FrVector scalars) => throw new NotSupportedException();
        public void PoseidonHash(Poseidon.PoseidonParameters parameters, FrVector inputs, FrVector outputs) => throw new NotSupportedException();
        public void Dispose() { }
    }
}
