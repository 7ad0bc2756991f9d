using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Cpu;

public sealed partial class CpuDevice
{
    // Scaffold: replaced by the radix-2/4 multithreaded NTT.
    public void Ntt(FrVector values, NttDirection direction) => throw new NotImplementedException();
    public void CosetNtt(FrVector values, Fr shift, NttDirection direction) => throw new NotImplementedException();
}
