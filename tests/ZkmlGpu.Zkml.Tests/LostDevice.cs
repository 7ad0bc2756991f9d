using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>A device that fails on purpose: memory works, every NTT, MSM and hash throws, as a GPU lost mid-run would.</summary>
internal sealed class LostDevice(IComputeDevice inner) : IComputeDevice
{
    public int Failures;

    public DeviceSpec Spec => inner.Spec;
    public string Description => "a device that fails every operation (test)";
    public FrVector Allocate(int length) => inner.Allocate(length);
    public FrVector Upload(ReadOnlySpan<Fr> values) => inner.Upload(values);
    public G1Bases UploadBases(ReadOnlySpan<G1Affine> points) => inner.UploadBases(points);
    public void Ntt(FrVector values, NttDirection direction) => throw Lost();
    public void CosetNtt(FrVector values, Fr shift, NttDirection direction) => throw Lost();
    public G1Jacobian Msm(G1Bases bases, FrVector scalars) => throw Lost();
    public void PoseidonHash(PoseidonParameters parameters, FrVector inputs, FrVector outputs) => throw Lost();
    public void Dispose() { }

    private InvalidOperationException Lost()
    {
        Interlocked.Increment(ref Failures);
        return new InvalidOperationException("device lost (test)");
    }
}
