using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Gpu.Cpu;

public sealed partial class CpuDevice
{
    // Scaffold: replaced by the batched permutation.
    public void PoseidonHash(PoseidonParameters parameters, FrVector inputs, FrVector outputs) => throw new NotImplementedException();
}
