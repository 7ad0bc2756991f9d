using System.Numerics;
using Xunit.Abstractions;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Merkle;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// The boundary commitment Poseidon.Compress(Domain(n), LeanIMT root, salt): the out-of-circuit definition binds the
/// count and is separated from Merkle nodes, and the chip computes exactly it from the value cells.
/// </summary>
public class BoundaryCommitmentTests(ITestOutputHelper output)
{
    private static GadgetCircuit Commitment(Fr[] values, Fr salt, int lanes = 1, Action<CircuitBuilder>? tamper = null) => new(lanes, (c, b) =>
    {
        var cells = c.Inputs(b, values);
        var region = b.Region("commitment", c.Commitment.Rows(values.Length));
        return [c.Commitment.Commit(region, 0, cells, salt).Commitment];
    }) { Tamper = tamper };

    private static Fr[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        // Activations as the circuit holds them: signed integers, −v as r − v.
        return Enumerable.Range(0, n).Select(_ => MerkleCommitment.ToField(rng.NextInt64(-(1L << 47), 1L << 47))).ToArray();
    }

    [Fact]
    public void DefinitionBindsTheCountAndIsSeparatedFromMerkleNodes()
    {
        var salt = BoundaryCommitment.NewSalt();
        var values = Values(6, 1);
        Fr root = MerkleTree.ComputeRoot(values);
        Assert.Equal(Merkle.Poseidon.Compress(BoundaryCommitment.Domain(6), root, salt), BoundaryCommitment.Compute(values, salt));
        Assert.Equal(BoundaryCommitment.Compute(root, 6, salt), BoundaryCommitment.Compute(values, salt));
        // Not a Merkle node over (root, salt): the capacity differs.
        Assert.NotEqual(Merkle.Poseidon.Hash(root, salt), BoundaryCommitment.Compute(values, salt));
        // [h] and [l, r] with h = Poseidon(l, r) have one root but two counts, so two commitments.
        var (l, r) = (values[0], values[1]);
        Fr h = Merkle.Poseidon.Hash(l, r);
        Assert.Equal(MerkleTree.ComputeRoot([h]), MerkleTree.ComputeRoot([l, r]));
        Assert.NotEqual(BoundaryCommitment.Compute([h], salt), BoundaryCommitment.Compute([l, r], salt));
        // The salt changes the commitment; the domain is injective in n, never 0 and above every HashVector length.
        Assert.NotEqual(BoundaryCommitment.Compute(values, salt), BoundaryCommitment.Compute(values, salt + Fr.One));
        var domains = Enumerable.Range(0, 100).Select(n => BoundaryCommitment.Domain(n).ToBigInteger()).ToArray();
        Assert.Equal(100, domains.Distinct().Count());
        Assert.All(domains, d => Assert.True(d >= BigInteger.One << 64));
        Assert.NotEqual(BoundaryCommitment.NewSalt(), BoundaryCommitment.NewSalt());
    }

    [Theory]
    [InlineData(1, 1)] [InlineData(2, 1)] [InlineData(3, 1)] [InlineData(5, 1)] [InlineData(8, 1)] [InlineData(13, 1)] [InlineData(100, 1)] [InlineData(13, 2)]
    public void ChipEqualsTheDefinition(int n, int lanes)
    {
        var values = Values(n, n);
        var salt = BoundaryCommitment.NewSalt();
        var circuit = Commitment(values, salt, lanes);
        MockProver.Check(circuit).AssertSatisfied();
        var pub = circuit.PublicInputs();
        Assert.Equal([BoundaryCommitment.Compute(values, salt)], pub[0]);
        int rows = circuit.Commitment.Rows(n);
        output.WriteLine($"n = {n}, lanes {lanes}: {rows} rows = {(double)rows / n:F1} rows and {(double)rows * circuit.Poseidon.AdviceColumns / n:F0} cells per committed value");
    }

    [Fact]
    public void CommitPublicExposesOnlyTheCommitment()
    {
        var values = Values(7, 3);
        var salt = BoundaryCommitment.NewSalt();
        var circuit = new GadgetCircuit(1, (c, b) =>
        {
            c.Commitment.CommitPublic(b, "outputs (hashed)", c.Output, c.Inputs(b, values), salt);
            return [];
        });
        MockProver.Check(circuit).AssertSatisfied();
        Assert.Equal([BoundaryCommitment.Compute(values, salt)], circuit.PublicInputs()[0]);
    }

    [Fact]
    public void ChunksOnEitherSideOfACutAgreeOnlyOnEqualValuesAndSalt()
    {
        var values = Values(9, 4);
        var salt = BoundaryCommitment.NewSalt();
        Fr producer = Commitment(values, salt).PublicInputs()[0][0];
        Assert.Equal(producer, Commitment((Fr[])values.Clone(), salt).PublicInputs()[0][0]);
        var other = (Fr[])values.Clone();
        other[8] += Fr.One;
        Assert.NotEqual(producer, Commitment(other, salt).PublicInputs()[0][0]);
        Assert.NotEqual(producer, Commitment(values, BoundaryCommitment.NewSalt()).PublicInputs()[0][0]);
        Assert.NotEqual(producer, Commitment(values[..8], salt).PublicInputs()[0][0]);
    }

    [Fact]
    public void ValueChangedAfterItsCopyOrACommitmentRoundChangedIsRejected()
    {
        var values = Values(5, 5);
        var salt = BoundaryCommitment.NewSalt();
        var probe = Commitment(values, salt);
        var lane = probe.Poseidon.Lanes[0];
        var copy = MockProver.Check(Commitment(values, salt, tamper: GadgetCircuit.Bump("commitment", lane.State[1], 0)));
        Assert.Contains(copy.Failures, f => f.Kind == FailureKind.Copy);
        // Row 3 of the last block (the commitment's own permutation): a partial round.
        int last = probe.Tree.Blocks(5) * probe.Poseidon.BlockRows;
        var round = MockProver.Check(Commitment(values, salt, tamper: GadgetCircuit.Bump("commitment", lane.Sboxes[2], last + 3)));
        Assert.Contains(round.Failures, f => f.Kind == FailureKind.Gate && f.Name == "poseidon.partial" && f.Region!.StartsWith("commitment@"));
    }

    [Fact]
    public void HonestProofVerifiesAndATamperedWitnessDoesNot()
    {
        var values = Values(5, 6);
        var salt = BoundaryCommitment.NewSalt();
        var circuit = Commitment(values, salt);
        var shape = CircuitShape.Of(Commitment(new Fr[5], Fr.Zero));
        var srs = Srs.CreateInsecureDevelopmentSrs(1 << shape.MinimumK, 7);
        using var device = new CpuDevice();
        using var pk = Keygen.Create(srs, device, shape);
        var pub = circuit.PublicInputs();
        Assert.Single(pub[0]); // the salt and the values stay private
        Assert.True(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, circuit), pub));
        Assert.False(PlonkVerifier.Verify(pk.Vk, PlonkProver.Prove(pk, circuit), [[pub[0][0] + Fr.One]]));

        // A dishonest prover changes one S-box output of the commitment's permutation and proves anyway.
        int last = circuit.Tree.Blocks(5) * circuit.Poseidon.BlockRows;
        var tampered = Commitment(values, salt, tamper: GadgetCircuit.Bump("commitment", circuit.Poseidon.Lanes[0].Sboxes[0], last + 5));
        var forged = PlonkProver.Prove(pk, tampered, options: new ProverOptions { CheckWitness = false });
        Assert.False(PlonkVerifier.Verify(pk.Vk, forged, tampered.PublicInputs()));
        output.WriteLine($"k = {shape.MinimumK}, rows {shape.RowsUsed}");
    }
}
