using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Cpu;

public sealed partial class CpuDevice
{
    // Scaffold: replaced by Pippenger.
    public G1Jacobian Msm(G1Bases bases, FrVector scalars) => throw new NotImplementedException();
}
