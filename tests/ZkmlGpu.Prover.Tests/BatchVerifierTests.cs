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

    /// <summary>
    /// Weights known before the proofs let two bad proofs cancel. Moving the first opening proof W_0 by D moves the
    /// check's L − τ·R by (z_0 − τ)·D whatever u is (W_0 has coefficient u⁰ = 1 and the honest terms hold for every u),
    /// and τ·G is public in the SRS: D_A = w_B·(z_B·G − τ·G) and D_B = −w_A·(z_A·G − τ·G) cancel in w_A·A + w_B·B.
    /// </summary>
    [Fact]
    public void BadProofsDoNotCancelUnderWeightsPredictedBeforeThem()
    {
        var builder = PlonkTestCircuits.GatesOnly(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var a = new VerificationItem(pk.Vk, builder.PublicInputs, PlonkProver.Prove(pk, builder, options: ProverOptions.Seeded(1)));
        var b = new VerificationItem(pk.Vk, builder.PublicInputs, PlonkProver.Prove(pk, builder, options: ProverOptions.Seeded(2)));
        var w = BatchVerifier.Weights([a, b]); // what the attacker predicts, from the honest proofs
        G1Jacobian ZMinusTau(VerificationItem item)
        {
            var x = PlonkVerifier.Replay(item.Vk, item.Proof, item.PublicInputs).Challenges.X;
            return G1Affine.Generator * pk.Vk.Domain.Rotate(x, pk.Vk.Layout.Rotations[0]) - fx.Srs.G1Powers.Span[1].ToJacobian();
        }
        VerificationItem Shift(VerificationItem item, G1Jacobian d)
        {
            var proof = ProofEncoding.Decode(ProofEncoding.Encode(item.Proof), item.Vk);
            proof.OpeningProofs[0] = (proof.OpeningProofs[0].ToJacobian() + d).ToAffine();
            return item with { Proof = proof };
        }
        var badA = Shift(a, ZMinusTau(b) * w[1]);
        var badB = Shift(b, ZMinusTau(a) * -w[0]);
        Assert.False(PlonkVerifier.Verify(badA.Vk, badA.Proof, badA.PublicInputs));
        Assert.False(PlonkVerifier.Verify(badB.Vk, badB.Proof, badB.PublicInputs));
        // The attack is real: folded with the predicted weights, the two bad checks pass.
        var folded = new KzgAccumulator();
        folded.Add(PlonkVerifier.Accumulate(badA.Vk, badA.Proof, badA.PublicInputs)!, w[0]);
        folded.Add(PlonkVerifier.Accumulate(badB.Vk, badB.Proof, badB.PublicInputs)!, w[1]);
        Assert.True(folded.Check(pk.Vk.Kzg, fx.Device));
        // The batch draws its weights after the proofs, so they differ from the prediction.
        Assert.False(BatchVerifier.Verify([badA, badB]));
        Assert.Equal([0, 1], BatchVerifier.FindInvalid([badA, badB]));
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => obj.Length == 0 ? 0 : obj[0];
    }
}
