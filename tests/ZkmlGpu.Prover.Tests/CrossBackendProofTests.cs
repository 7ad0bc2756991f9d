using ZkmlGpu.Gpu.Ilgpu;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

/// <summary>
/// The same circuit proven on the CPU backend and on ILGPU's CPU accelerator with the same seeded randomness gives
/// the same verifying key and the same proof bytes: the backends agree on every NTT, MSM and hash the prover asks for.
/// </summary>
public class CrossBackendProofTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    [Fact]
    public void CpuBackendAndIlgpuCpuAcceleratorGiveIdenticalProofBytes()
    {
        var builder = PlonkTestCircuits.Lookups(false);
        using var ilgpu = IlgpuDevices.OpenCpuAccelerator();
        byte[] Prove(ZkmlGpu.Gpu.IComputeDevice device, out string vkDigest)
        {
            using var pk = Keygen.Create(fx.Srs, device, builder);
            vkDigest = pk.Vk.DigestHex;
            var bytes = ProofEncoding.Encode(PlonkProver.Prove(pk, builder, options: ProverOptions.Seeded(PlonkGoldenTests.ProofSeed)));
            Assert.True(PlonkVerifier.Verify(pk.Vk, ProofEncoding.Decode(bytes, pk.Vk), builder.PublicInputs));
            return bytes;
        }
        byte[] cpu = Prove(fx.Device, out string cpuDigest);
        byte[] accelerator = Prove(ilgpu, out string acceleratorDigest);
        Assert.Equal(cpuDigest, acceleratorDigest);
        Assert.Equal(Convert.ToHexStringLower(cpu), Convert.ToHexStringLower(accelerator));
    }
}
