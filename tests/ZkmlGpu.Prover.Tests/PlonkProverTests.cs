using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

/// <summary>Shared SRS and device for the PLONK tests (k ≤ 8).</summary>
public sealed class PlonkFixture : IDisposable
{
    public const ulong Seed = 42;
    public Srs Srs { get; } = Srs.CreateInsecureDevelopmentSrs(256, Seed);
    public IComputeDevice Device { get; } = new CpuDevice();
    public Fr Tau { get; } = Srs.InsecureDevelopmentTau(Seed);

    /// <summary>
    /// The verifier up to its final pairing, with that pairing replaced by the equivalent check left = τ·right, which
    /// the test knows τ for. <see cref="PlonkVerifier.Verify"/> runs the real pairing.
    /// </summary>
    public bool VerifyWithTrapdoor(VerifyingKey vk, Proof proof, IReadOnlyList<Fr[]> inputs)
    {
        var reduced = PlonkVerifier.Reduce(vk, proof, inputs, Device);
        return reduced is { } r && r.Left.ToJacobian() == r.Right.ToJacobian() * Tau;
    }

    public void Dispose() => Device.Dispose();
}

public class PlonkProverTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    private static ProverOptions Unchecked => new() { CheckWitness = false };

    [Theory]
    [MemberData(nameof(PlonkTestCircuits.All), MemberType = typeof(PlonkTestCircuits))]
    public void HonestProofVerifies(string name)
    {
        var builder = PlonkTestCircuits.Get(name).Build(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var proof = PlonkProver.Prove(pk, builder);
        Assert.True(fx.VerifyWithTrapdoor(pk.Vk, proof, builder.PublicInputs));
    }

    [Theory]
    [MemberData(nameof(PlonkTestCircuits.All), MemberType = typeof(PlonkTestCircuits))]
    public void ProofOfBadWitnessIsRefusedByProverAndRejectedByVerifier(string name)
    {
        var c = PlonkTestCircuits.Get(name);
        var honest = c.Build(false);
        var bad = c.Build(true);
        using var pk = Keygen.Create(fx.Srs, fx.Device, honest);
        Assert.Throws<InvalidOperationException>(() => PlonkProver.Prove(pk, bad));
        var proof = PlonkProver.Prove(pk, bad, options: Unchecked);
        Assert.False(fx.VerifyWithTrapdoor(pk.Vk, proof, bad.PublicInputs));
    }

    [Fact]
    public void ProofAgainstAlteredPublicInputsIsRejected()
    {
        var builder = PlonkTestCircuits.Instance(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var proof = PlonkProver.Prove(pk, builder);
        var inputs = builder.PublicInputs;
        Assert.True(fx.VerifyWithTrapdoor(pk.Vk, proof, inputs));
        for (int i = 0; i < inputs[0].Length; i++)
        {
            var altered = inputs.Select(a => (Fr[])a.Clone()).ToArray();
            altered[0][i] += Fr.One;
            Assert.False(fx.VerifyWithTrapdoor(pk.Vk, proof, altered));
        }
        // The key fixes the shape: an extra, missing or trailing-zero input, or a missing column, is a wrong statement.
        Assert.Equal([4], pk.Vk.InstanceLengths);
        Assert.False(fx.VerifyWithTrapdoor(pk.Vk, proof, [inputs[0].Append(Fr.Zero).ToArray()]));
        Assert.False(fx.VerifyWithTrapdoor(pk.Vk, proof, [inputs[0][..3]]));
        Assert.False(fx.VerifyWithTrapdoor(pk.Vk, proof, []));
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, [inputs[0], []]));
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, [inputs[0].Append(Fr.Zero).ToArray()]));
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, inputs));
        // The prover refuses inputs of another shape rather than proving an unconstrained statement.
        Assert.Throws<ArgumentException>(() => PlonkProver.Prove(pk, builder, [inputs[0].Append(Fr.One).ToArray()]));
    }

    [Fact]
    public void EverySingleByteCorruptionOfAProofIsRejected()
    {
        var builder = PlonkTestCircuits.GatesOnly(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var bytes = ProofEncoding.Encode(PlonkProver.Prove(pk, builder));
        var inputs = builder.PublicInputs;
        Assert.True(fx.VerifyWithTrapdoor(pk.Vk, ProofEncoding.Decode(bytes, pk.Vk), inputs));
        int parseErrors = 0, verifyFailures = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            var corrupted = (byte[])bytes.Clone();
            corrupted[i] ^= 0x01;
            Proof proof;
            try { proof = ProofEncoding.Decode(corrupted, pk.Vk); }
            catch (InvalidEncodingException) { parseErrors++; continue; }
            Assert.False(fx.VerifyWithTrapdoor(pk.Vk, proof, inputs), $"Corrupting byte {i} was not detected.");
            verifyFailures++;
        }
        Assert.Equal(bytes.Length, parseErrors + verifyFailures);
        Assert.True(verifyFailures > 0 && parseErrors > 0);
    }

    [Fact]
    public void LargerCircuitWithEveryFeatureProves()
    {
        // k = 7: tuple lookups, instance columns in the permutation, negative rotations and three permutation chunks.
        var cs = new ConstraintSystem();
        var cols = Enumerable.Range(0, 6).Select(i => cs.AdviceColumn($"a{i}")).ToArray();
        var pub = cs.InstanceColumn("pub");
        var q = cs.Selector("q");
        var qSquare = cs.Selector("q_square");
        var tx = cs.TableColumn("tx");
        var ty = cs.TableColumn("ty");
        var constants = cs.FixedColumn("constants");
        foreach (var c in cols) cs.EnableEquality(c);
        cs.EnableEquality(constants);
        cs.EnableEquality(pub);
        cs.CreateGate("sum_prev", q * (cols[2].Cur - cols[0].Cur - cols[1].Prev));
        cs.Lookup("square", (qSquare * cols[3].Cur, tx.Cur), (qSquare * cols[4].Cur, ty.Cur));
        var b = new CircuitBuilder(cs);
        var xs = Enumerable.Range(0, 32).Select(i => Fr.FromUInt64((ulong)i)).ToArray();
        b.LoadTable(tx, xs);
        b.LoadTable(ty, xs.Select(x => x * x).ToArray());
        var r = b.Region("rows", 40);
        for (int i = 0; i < 40; i++)
        {
            r.Assign(cols[0], i, Fr.FromUInt64((ulong)(i * 3)));
            r.Assign(cols[1], i, Fr.FromUInt64((ulong)(i + 5)));
            if (i > 0) { r.Assign(cols[2], i, Fr.FromUInt64((ulong)(i * 3 + (i - 1) + 5))); r.Enable(q, i); }
            r.Assign(cols[3], i, Fr.FromUInt64((ulong)(i % 32)));
            r.Assign(cols[4], i, Fr.FromUInt64((ulong)((i % 32) * (i % 32))));
            r.Enable(qSquare, i);
            var c5 = r.Assign(cols[5], i, Fr.FromUInt64((ulong)(i % 32)));
            if (i < 10) b.ConstrainEqual(c5.Cell, cols[3].At(i));
        }
        var p = b.AddPublicInput(pub, Fr.FromUInt64(9));
        b.ConstrainEqual(p.Cell, cols[0].At(3));
        // A constant in a fixed column, copied into an advice cell.
        var constant = b.Assign(constants, 0, Fr.FromUInt64(6));
        b.ConstrainEqual(constant.Cell, cols[0].At(2));
        Assert.True(MockProver.Check(b, 7).IsSatisfied);
        using var pk = Keygen.Create(fx.Srs, fx.Device, b, 7);
        Assert.Equal(3, pk.Vk.Layout.PermutationChunks); // 6 advice + instance + fixed, 3 per chunk
        Assert.False(pk.Vk.Layout.LinkedChunks);          // Π Z_c has degree 4 ≤ 5: no opening at ω^last·x
        Assert.DoesNotContain(pk.Vk.Layout.LastRow, pk.Vk.Layout.Rotations);
        var proof = PlonkProver.Prove(pk, b);
        Assert.True(fx.VerifyWithTrapdoor(pk.Vk, proof, b.PublicInputs));
        Assert.False(fx.VerifyWithTrapdoor(pk.Vk, proof, [[Fr.FromUInt64(10)]]));
        // Breaking the fixed-column copy is caught by the mock (by row) and the verifier.
        b.Assign(cols[0], 2, Fr.FromUInt64(7));
        Assert.Contains(MockProver.Check(b, 7).Failures, f => f.Kind == FailureKind.Copy && f.Row == 0);
        Assert.False(fx.VerifyWithTrapdoor(pk.Vk, PlonkProver.Prove(pk, b, options: Unchecked), b.PublicInputs));
    }
}

public class PlonkLinkedChunkTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    /// <summary>Degree 3 (one column per chunk) with four equality columns: Π Z_c would have degree 5, so chunks are chained.</summary>
    private static CircuitBuilder Build(bool corrupt)
    {
        var cs = new ConstraintSystem();
        var cols = Enumerable.Range(0, 4).Select(i => cs.AdviceColumn($"c{i}")).ToArray();
        var q = cs.Selector("q");
        foreach (var c in cols) cs.EnableEquality(c);
        cs.CreateGate("double", q * (cols[1].Cur - cols[0].Cur - cols[0].Cur));
        var b = new CircuitBuilder(cs);
        var r = b.Region("rows", 6);
        for (int i = 0; i < 6; i++)
        {
            var x = r.Assign(cols[0], i, Fr.FromUInt64((ulong)i + 1));
            var d = r.Assign(cols[1], i, x.Value.Double());
            r.Enable(q, i);
            r.Copy(d, cols[2], i);
            r.Copy(x, cols[3], (i + 1) % 6);
        }
        if (corrupt) b.Assign(cols[3], 2, Fr.FromUInt64(100));
        return b;
    }

    [Fact]
    public void ChainedChunksProveVerifyAndRejectBrokenCopies()
    {
        var honest = Build(false);
        Assert.True(MockProver.Check(honest).IsSatisfied);
        using var pk = Keygen.Create(fx.Srs, fx.Device, honest);
        Assert.Equal(4, pk.Vk.Layout.PermutationChunks);
        Assert.True(pk.Vk.Layout.LinkedChunks);
        Assert.Contains(pk.Vk.Layout.LastRow, pk.Vk.Layout.Rotations);
        var proof = PlonkProver.Prove(pk, honest);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, honest.PublicInputs));
        var bad = Build(true);
        Assert.Contains(MockProver.Check(bad).Failures, f => f.Kind == FailureKind.Copy);
        Assert.Throws<InvalidOperationException>(() => PlonkProver.Prove(pk, bad));
        Assert.False(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false }), bad.PublicInputs));
    }
}

public class PlonkPairingVerifierTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    [Fact]
    public void RealPairingAcceptsHonestAndRejectsBadProofs()
    {
        var builder = PlonkTestCircuits.Lookups(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        var proof = PlonkProver.Prove(pk, builder);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, builder.PublicInputs));
        var bad = PlonkTestCircuits.Lookups(true);
        var badProof = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, badProof, bad.PublicInputs));
        // A proof with one opening proof swapped for another valid point passes every parse check but not the pairing.
        var tampered = ProofEncoding.Decode(ProofEncoding.Encode(proof), pk.Vk);
        tampered.OpeningProofs[0] = tampered.OpeningProofs[1];
        Assert.False(PlonkVerifier.Verify(pk.Vk, tampered, builder.PublicInputs));
    }

    [Fact]
    public void VerifierKeyFromAnotherSrsRejects()
    {
        var builder = PlonkTestCircuits.GatesOnly(false);
        using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
        using var otherPk = Keygen.Create(Srs.CreateInsecureDevelopmentSrs(64, PlonkFixture.Seed + 1), fx.Device, builder);
        var proof = PlonkProver.Prove(pk, builder);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, builder.PublicInputs));
        Assert.False(PlonkVerifier.Verify(otherPk.Vk, proof, builder.PublicInputs));
        Assert.NotEqual(pk.Vk.Digest, otherPk.Vk.Digest);
    }
}
