using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Cpu;

public sealed partial class CpuDevice
{
    public G1Jacobian Msm(G1Bases bases, FrVector scalars) => Pippenger.Msm(Unwrap(bases), Unwrap(scalars));
}
