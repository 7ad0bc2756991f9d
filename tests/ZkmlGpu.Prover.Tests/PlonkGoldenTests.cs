using System.Text;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

/// <summary>
/// Pins the verifying-key digest of every test circuit and the bytes of one seeded proof, so a change to keys,
/// transcript or proof bytes is noticed. Regenerate with ZKML_UPDATE_GOLDEN=1 when a change is intended.
/// </summary>
public class PlonkGoldenTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    public const ulong ProofSeed = 7;

    [Fact]
    public void VerifyingKeyDigestsMatchGoldenFile()
    {
        var text = new StringBuilder();
        foreach (var c in PlonkTestCircuits.Cases)
        {
            using var pk = Keygen.Create(fx.Srs, fx.Device, c.Build(false));
            text.Append(c.Name).Append(' ').Append(pk.Vk.DigestHex).Append('\n');
        }
        GoldenFiles.Check("vk-digests.txt", text.ToString());
    }

    [Fact]
    public void SeededProofBytesMatchGoldenFile()
    {
        var builder = PlonkTestCircuits.Lookups(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var bytes = ProofEncoding.Encode(PlonkProver.Prove(pk, builder, options: ProverOptions.Seeded(ProofSeed)));
        Assert.True(PlonkVerifier.Verify(pk.Vk, ProofEncoding.Decode(bytes, pk.Vk), builder.PublicInputs));
        GoldenFiles.Check("proof-lookups.hex", Convert.ToHexStringLower(bytes) + "\n");
    }

    [Fact]
    public void SeededProofsAreReproducibleAndSeedsDiffer()
    {
        var builder = PlonkTestCircuits.GatesOnly(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        byte[] Prove(ulong seed) => ProofEncoding.Encode(PlonkProver.Prove(pk, builder, options: ProverOptions.Seeded(seed)));
        Assert.Equal(Prove(1), Prove(1));
        Assert.NotEqual(Prove(1), Prove(2));
    }
}
