using ZkmlGpu.Field;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

public class BatchVerifierTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    /// <summary>One honest item per test circuit (different keys, one SRS), plus the keys to dispose.</summary>
    private (List<VerificationItem> Items, List<ProvingKey> Keys) Honest()
    {
        var items = new List<VerificationItem>();
        var keys = new List<ProvingKey>();
        foreach (var c in PlonkTestCircuits.Cases)
        {
            var builder = c.Build(false);
            var pk = Keygen.Create(fx.Srs, fx.Device, builder);
            keys.Add(pk);
            items.Add(new VerificationItem(pk.Vk, builder.PublicInputs, PlonkProver.Prove(pk, builder)));
        }
        return (items, keys);
    }

    [Fact]
    public void AcceptsValidProofsUnderDifferentKeys()
    {
        var (items, keys) = Honest();
        try
        {
            Assert.True(items.Select(i => i.Vk.Digest).Distinct(new BytesComparer()).Count() > 1);
            Assert.True(BatchVerifier.Verify(items, device: fx.Device));
            Assert.True(BatchVerifier.Verify(items.Take(1).ToList()));
            Assert.True(BatchVerifier.Verify([items[0], items[0], items[1]]));
            Assert.Empty(BatchVerifier.FindInvalid(items));
            Assert.True(BatchVerifier.Verify(items, fx.Srs.Digest));
        }
        finally { keys.ForEach(k => k.Dispose()); }
    }

    [Fact]
    public void AnySingleBadProofFailsTheBatchAndIsFound()
    {
        var (items, keys) = Honest();
        try
        {
            for (int i = 0; i < items.Count; i++)
            {
                var bad = PlonkTestCircuits.Cases[i].Build(true);
                var badProof = PlonkProver.Prove(keys[i], bad, options: new ProverOptions { CheckWitness = false });
                var copy = items.ToList();
                copy[i] = items[i] with { Proof = badProof, PublicInputs = bad.PublicInputs };
                Assert.False(BatchVerifier.Verify(copy), $"bad witness in item {i}");
                Assert.Equal([i], BatchVerifier.FindInvalid(copy));
            }
            // A valid proof under the wrong public inputs, and a swapped opening proof.
            var instance = items.FindIndex(it => it.PublicInputs.Any(c => c.Length > 0));
            var inputs = items[instance].PublicInputs.Select(c => c.ToArray()).ToList();
            inputs.First(c => c.Length > 0)[0] += Fr.One;
            var wrongInputs = items.ToList();
            wrongInputs[instance] = items[instance] with { PublicInputs = inputs };
            Assert.False(BatchVerifier.Verify(wrongInputs));
            var tampered = ProofEncoding.Decode(ProofEncoding.Encode(items[0].Proof), items[0].Vk);
            tampered.OpeningProofs[0] = (tampered.OpeningProofs[0].ToJacobian() + G1Affine.Generator).ToAffine();
            var swapped = items.ToList();
            swapped[0] = items[0] with { Proof = tampered };
            Assert.False(BatchVerifier.Verify(swapped));
            // Two bad proofs are both found.
            var two = items.ToList();
            two[0] = swapped[0];
            two[instance] = wrongInputs[instance];
            Assert.Equal(new[] { 0, instance }.Distinct().Order(), BatchVerifier.FindInvalid(two));
        }
        finally { keys.ForEach(k => k.Dispose()); }
    }

    [Fact]
    public void OneSrsIsRequired()
    {
        var builder = PlonkTestCircuits.GatesOnly(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        using var otherPk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(64, PlonkFixture.Seed + 1), fx.Device, builder);
        var a = new VerificationItem(pk.Vk, builder.PublicInputs, PlonkProver.Prove(pk, builder));
        var b = new VerificationItem(otherPk.Vk, builder.PublicInputs, PlonkProver.Prove(otherPk, builder));
        Assert.True(BatchVerifier.Verify([b]));
        Assert.Contains("one SRS", Assert.Throws<ArgumentException>(() => BatchVerifier.Verify([a, b])).Message);
        Assert.Throws<ArgumentException>(() => BatchVerifier.Verify([a], otherPk.Vk.Kzg.Digest));
        Assert.Throws<ArgumentException>(() => BatchVerifier.Verify([]));
        Assert.False(BatchVerifier.Verify([a with { PublicInputs = [[Fr.One]] }]));
        Assert.Equal([1], BatchVerifier.FindInvalid([a, a with { PublicInputs = [[Fr.One]] }]));
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => obj.Length == 0 ? 0 : obj[0];
    }
}
