using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Prover.Plonk.Chips;

namespace ZkmlGpu.Prover.Tests;

public class PlonkEncodingTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    [Theory]
    [MemberData(nameof(PlonkTestCircuits.All), MemberType = typeof(PlonkTestCircuits))]
    public void ProofAndVerifyingKeyRoundTripAndDecodedKeyVerifies(string name)
    {
        var builder = PlonkTestCircuits.Get(name).Build(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var vkBytes = KeyEncoding.EncodeVerifyingKey(pk.Vk);
        var vk = KeyEncoding.DecodeVerifyingKey(vkBytes);
        Assert.Equal(pk.Vk.Digest, vk.Digest);
        Assert.Equal(vkBytes, KeyEncoding.EncodeVerifyingKey(vk));
        Assert.Equal(pk.Vk.InstanceLengths, vk.InstanceLengths);
        Assert.Equal(pk.Vk.ConstraintSystem.Lookups.Select(l => l.Selector.ToString()), vk.ConstraintSystem.Lookups.Select(l => l.Selector.ToString()));
        var proof = PlonkProver.Prove(pk, builder);
        var bytes = ProofEncoding.Encode(proof);
        Assert.Equal(ProofEncoding.EncodedSize(vk), bytes.Length);
        var decoded = ProofEncoding.Decode(bytes, vk);
        Assert.Equal(bytes, ProofEncoding.Encode(decoded));
        Assert.True(PlonkVerifier.Verify(vk, decoded, builder.PublicInputs));
    }

    [Fact]
    public void TruncatedOrExtendedEncodingsAreRejected()
    {
        var builder = PlonkTestCircuits.Lookups(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var proof = ProofEncoding.Encode(PlonkProver.Prove(pk, builder));
        var vk = KeyEncoding.EncodeVerifyingKey(pk.Vk);
        var pkBytes = KeyEncoding.EncodeProvingKey(pk);
        foreach (int cut in new[] { 0, 1, 4, 5, proof.Length / 2, proof.Length - 1 })
            Assert.Throws<InvalidEncodingException>(() => ProofEncoding.Decode(proof.AsSpan(0, cut), pk.Vk));
        Assert.Throws<InvalidEncodingException>(() => ProofEncoding.Decode([.. proof, 0], pk.Vk));
        for (int cut = 0; cut < vk.Length; cut += Math.Max(1, vk.Length / 97))
            Assert.Throws<InvalidEncodingException>(() => KeyEncoding.DecodeVerifyingKey(vk.AsSpan(0, cut)));
        Assert.Throws<InvalidEncodingException>(() => KeyEncoding.DecodeVerifyingKey([.. vk, 0]));
        foreach (int cut in new[] { 0, 3, 9, 200, pkBytes.Length - 1 })
            Assert.Throws<InvalidEncodingException>(() => KeyEncoding.DecodeProvingKey(pkBytes.AsSpan(0, cut), fx.Srs, fx.Device));
    }

    [Fact]
    public void BadHeadersVersionsAndValuesAreRejectedWithClearErrors()
    {
        var builder = PlonkTestCircuits.GatesOnly(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var proof = ProofEncoding.Encode(PlonkProver.Prove(pk, builder));
        var badMagic = (byte[])proof.Clone(); badMagic[0] = (byte)'X';
        Assert.Contains("magic", Assert.Throws<InvalidEncodingException>(() => ProofEncoding.Decode(badMagic, pk.Vk)).Message);
        var badVersion = (byte[])proof.Clone(); badVersion[4] = 2;
        Assert.Contains("version", Assert.Throws<InvalidEncodingException>(() => ProofEncoding.Decode(badVersion, pk.Vk)).Message);
        // A non-canonical evaluation (all ones ≥ r) in the first scalar slot.
        int firstScalar = 5 + 32 * pk.Vk.Layout.CommitmentCount;
        var nonCanonical = (byte[])proof.Clone();
        nonCanonical.AsSpan(firstScalar, 32).Fill(0xFF);
        Assert.Contains("canonical", Assert.Throws<InvalidEncodingException>(() => ProofEncoding.Decode(nonCanonical, pk.Vk)).Message);
        // A point whose x has no curve point.
        var offCurve = (byte[])proof.Clone();
        offCurve.AsSpan(5, 32).Clear();
        offCurve[5 + 31] = 4; // x = 4: 4³ + 3 = 67 is not a square mod q
        Assert.Throws<InvalidEncodingException>(() => ProofEncoding.Decode(offCurve, pk.Vk));
        var vk = KeyEncoding.EncodeVerifyingKey(pk.Vk);
        var badVk = (byte[])vk.Clone(); badVk[4] = 9;
        Assert.Throws<InvalidEncodingException>(() => KeyEncoding.DecodeVerifyingKey(badVk));
    }

    [Fact]
    public void ProvingKeyRoundTripsAndStillProves()
    {
        var builder = PlonkTestCircuits.Lookups(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var bytes = KeyEncoding.EncodeProvingKey(pk);
        using var decoded = KeyEncoding.DecodeProvingKey(bytes, fx.Srs, fx.Device);
        Assert.Equal(pk.Vk.Digest, decoded.Vk.Digest);
        var proof = PlonkProver.Prove(decoded, builder);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, builder.PublicInputs));
        // A fixed value changed in the key no longer matches the verifying key's commitment.
        int fixedStart = 4 + 1 + 4 + KeyEncoding.EncodeVerifyingKey(pk.Vk).Length;
        var tampered = (byte[])bytes.Clone();
        tampered[fixedStart + 31] ^= 1;
        Assert.Throws<InvalidEncodingException>(() => KeyEncoding.DecodeProvingKey(tampered, fx.Srs, fx.Device));
    }

    /// <remarks>
    /// The columns are checked against their commitments together (one random combination); these tampered keys must
    /// each fail it, and the error must still name the column: one value changed in the last fixed column, in a σ
    /// column, and two fixed columns swapped whole (each column's values intact, only their order wrong).
    /// </remarks>
    [Fact]
    public void ATamperedProvingKeyColumnIsRejectedAndNamed()
    {
        var builder = PlonkTestCircuits.Lookups(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var bytes = KeyEncoding.EncodeProvingKey(pk);
        int n = pk.Vk.Layout.N, columnBytes = 32 * n, fixedCount = pk.Vk.Layout.FixedCount;
        Assert.True(fixedCount >= 2);
        int fixedStart = 4 + 1 + 4 + KeyEncoding.EncodeVerifyingKey(pk.Vk).Length, sigmaStart = fixedStart + fixedCount * columnBytes;
        string Rejection(byte[] tampered) => Assert.Throws<InvalidEncodingException>(() => KeyEncoding.DecodeProvingKey(tampered, fx.Srs, fx.Device)).Message;

        var lastFixed = (byte[])bytes.Clone();
        lastFixed[fixedStart + (fixedCount - 1) * columnBytes + 5 * 32 + 31] ^= 1;
        Assert.Contains($"fixed column {fixedCount - 1} does not match", Rejection(lastFixed));

        var sigma = (byte[])bytes.Clone();
        sigma[sigmaStart + columnBytes + 3 * 32 + 31] ^= 1;
        Assert.Contains("permutation column 1 does not match", Rejection(sigma));

        // Swap the first two fixed columns that differ.
        int a = 0, b = Enumerable.Range(1, fixedCount - 1).First(c => !bytes.AsSpan(fixedStart + c * columnBytes, columnBytes).SequenceEqual(bytes.AsSpan(fixedStart, columnBytes)));
        var swapped = (byte[])bytes.Clone();
        bytes.AsSpan(fixedStart + a * columnBytes, columnBytes).CopyTo(swapped.AsSpan(fixedStart + b * columnBytes));
        bytes.AsSpan(fixedStart + b * columnBytes, columnBytes).CopyTo(swapped.AsSpan(fixedStart + a * columnBytes));
        Assert.Contains("fixed column 0 does not match", Rejection(swapped));
    }

    [Fact]
    public void DigestChangesWhenTheCircuitChanges()
    {
        byte[] Digest(Func<CircuitBuilder> build, int? k = null)
        {
            using var pk = Keygen.Create(fx.Srs, fx.Device, build(), k);
            return pk.Vk.Digest;
        }
        var baseline = Digest(() => PlonkTestCircuits.GatesOnly(false));
        Assert.Equal(baseline, Digest(() => PlonkTestCircuits.GatesOnly(false)));
        Assert.NotEqual(baseline, Digest(() => PlonkTestCircuits.GatesOnly(false), 6)); // another k
        Assert.NotEqual(baseline, Digest(() => { var b = PlonkTestCircuits.GatesOnly(false); b.EnableSelector(new Selector(new Column(ColumnKind.Fixed, 0)), 7); return b; })); // a selector
        Assert.NotEqual(baseline, Digest(() => { var b = PlonkTestCircuits.GatesOnly(false); b.ConstrainEqual(new Cell(new Column(ColumnKind.Advice, 0), 0), new Cell(new Column(ColumnKind.Advice, 1), 0)); return b; })); // a copy
        Assert.NotEqual(baseline, Digest(() =>
        {
            // Same columns, the gate's sign flipped: a·b − c + d.
            var cs = new ConstraintSystem();
            Column a = cs.AdviceColumn("mul_add.a"), bb = cs.AdviceColumn("mul_add.b"), c = cs.AdviceColumn("mul_add.c"), d = cs.AdviceColumn("mul_add.d");
            var q = cs.Selector("mul_add.q");
            foreach (var col in new[] { a, bb, c, d }) cs.EnableEquality(col);
            cs.CreateGate("mul_add", new Constraint("mul_add: a·b + c = d", q * (a.Cur * bb.Cur - c.Cur + d.Cur)));
            var b = new CircuitBuilder(cs);
            b.Region("r", 5);
            return b;
        }));
    }

    [Fact]
    public void SyntheticCircuitIsSatisfiedProvesAndVerifies()
    {
        var builder = SyntheticCircuit.Build(7);
        Assert.True(MockProver.Check(builder, 7).IsSatisfied);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder, 7);
        Assert.Equal(SyntheticCircuit.AdviceColumns, pk.Vk.Layout.AdviceCount);
        var proof = PlonkProver.Prove(pk, builder);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, builder.PublicInputs));
        Assert.True(ProofEncoding.Encode(proof).Length <= 4096);
    }
}
