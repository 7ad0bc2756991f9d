using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Cpu;

public sealed partial class CpuDevice
{
    public void Ntt(FrVector values, NttDirection direction) =>
        NttEngine.Transform(Unwrap(values), IsInverse(direction));

    public void CosetNtt(FrVector values, Fr shift, NttDirection direction) =>
        NttEngine.CosetTransform(Unwrap(values), shift, IsInverse(direction));

    private static bool IsInverse(NttDirection direction) => direction switch
    {
        NttDirection.Forward => false,
        NttDirection.Inverse => true,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown NTT direction."),
    };
}
