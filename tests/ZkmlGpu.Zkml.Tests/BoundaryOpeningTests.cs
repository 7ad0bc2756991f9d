using System.Text.Json;
using Xunit.Abstractions;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Merkle;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// Zero-knowledge openings of one committed boundary value: honest openings verify against the commitment, a value,
/// index, count or commitment other than the committed one is rejected with a reason, and the proof's public inputs
/// are only [commitment, v_j].
/// </summary>
public class BoundaryOpeningTests(ITestOutputHelper output)
{
    // One SRS for every test here: 2^10 powers hold openings of up to 64 values.
    private static readonly Srs Srs = Srs.CreateInsecureDevelopmentSrs(1 << 10, 11);

    private static long[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextInt64(-(1L << 47), 1L << 47)).ToArray();
    }

    private static Fr[] Field(long[] values) => values.Select(Fr.FromInt64).ToArray();

    [Theory]
    [InlineData(1, 0)] [InlineData(2, 1)] [InlineData(5, 4)] [InlineData(13, 6)] [InlineData(13, 12)]
    public void HonestOpeningVerifies(int n, int j)
    {
        var values = Values(n, n + j);
        var salt = BoundaryCommitment.NewSalt();
        Fr commitment = BoundaryCommitment.Compute(Field(values), salt);
        using var device = new CpuDevice();
        var opening = BoundaryOpening.Open(values, salt, j, Srs, device, boundary: 2, scale: 7);
        Assert.Equal(commitment, opening.Commitment);
        Assert.Equal(values[j], opening.Value);
        Assert.Equal(values[j] / 128.0, opening.RealValue);
        var read = BoundaryOpening.FromJson(opening.ToJson());
        Assert.Equal((true, (string?)null), read.Verify(commitment, Srs, device));
        Assert.Equal((2, 7, j, n), (read.Boundary!.Value, read.Scale!.Value, read.Index, read.Count));
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(8)] [InlineData(13)] [InlineData(400)]
    public void CircuitIsSatisfiedAndStatesOnlyTheCommitmentAndTheValue(int n)
    {
        var values = Values(n, 3);
        var salt = BoundaryCommitment.NewSalt();
        int j = n / 2;
        var circuit = new BoundaryOpeningCircuit(n, j, Field(values), salt);
        MockProver.Check(circuit).AssertSatisfied();
        // One instance column, exactly [C, v_j]: the other values and the salt are not public.
        Assert.Equal(1, circuit.ConstraintSystem.InstanceCount);
        Assert.Equal([[BoundaryCommitment.Compute(Field(values), salt), Fr.FromInt64(values[j])]], circuit.PublicInputs());
        var shape = CircuitShape.Of(new BoundaryOpeningCircuit(n, j));
        Assert.Equal(shape.MinimumK, BoundaryOpeningCircuit.MinimumK(n));
        Assert.Equal(14 * n + 1, circuit.Rows);
        output.WriteLine($"n = {n}: {shape.RowsUsed} rows, k = {shape.MinimumK}, {circuit.ConstraintSystem.AdviceCount} advice columns");
    }

    [Fact]
    public void OpeningADifferentValueIsRejected()
    {
        var values = Values(6, 5);
        var salt = BoundaryCommitment.NewSalt();
        int j = 3;
        var honest = new BoundaryOpeningCircuit(6, j, Field(values), salt);
        Fr commitment = honest.PublicInputs()[0][0];
        Fr lie = Fr.FromInt64(values[j] + 1);
        using var device = new CpuDevice();
        using var pk = Keygen.Create(Srs, device, CircuitShape.Of(new BoundaryOpeningCircuit(6, j)));
        var forced = new ProverOptions { CheckWitness = false };

        // Claiming another value for the honest witness: the copy from cell j to the public value breaks.
        Assert.Contains(MockProver.Check(honest, publicInputs: [[commitment, lie]]).Failures, f => f.Kind == FailureKind.Copy);
        var proof = PlonkProver.Prove(pk, honest, [[commitment, lie]], forced);
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, [[commitment, lie]]));

        // Changing cell j itself (and the public value with it): the copy into the tree's leaf breaks.
        var tampered = new TamperedCircuit(honest, b =>
        {
            int row = b.Regions.First(r => r.Name == "opening").Start + j;
            b.Assign(honest.ValueColumn, row, lie);
            b.SetPublicInput(honest.Instance, 1, lie);
        });
        Assert.Contains(MockProver.Check(tampered).Failures, f => f.Kind == FailureKind.Copy);
        var forged = PlonkProver.Prove(pk, tampered, options: forced);
        Assert.False(PlonkVerifier.Verify(pk.Vk, forged, [[commitment, lie]]));

        // The same lie in an opening file.
        var opening = new BoundaryOpening { Commitment = commitment, Index = j, Count = 6, Value = values[j] + 1, Srs = Srs.Digest.Hex, Proof = ProofEncoding.Encode(forged) };
        var (ok, reason) = opening.Verify(commitment, Srs, device);
        Assert.False(ok);
        Assert.Contains("does not show value", reason);
    }

    [Fact]
    public void AlteredOpeningFilesAreRejectedWithAReason()
    {
        var values = Values(9, 7);
        var salt = BoundaryCommitment.NewSalt();
        Fr commitment = BoundaryCommitment.Compute(Field(values), salt);
        using var device = new CpuDevice();
        var opening = BoundaryOpening.Open(values, salt, 4, Srs, device);
        Assert.True(opening.Verify(commitment, Srs, device).Verified);
        Fr other = BoundaryCommitment.Compute(Field(values), BoundaryCommitment.NewSalt());
        var proof = (byte[])opening.Proof.Clone();
        proof[proof.Length / 2] ^= 1;
        var cases = new (string Name, BoundaryOpening Opening, Fr Expected, string Reason)[]
        {
            ("another expected commitment", opening, other, "not the expected"),
            ("the file's commitment changed to the expected one", opening with { Commitment = other }, other, "does not show"),
            ("another index", opening with { Index = 5 }, commitment, "does not show"),
            ("an index out of range", opening with { Index = 9 }, commitment, "index 9 is not in 0..8"),
            ("another value", opening with { Value = values[4] - 1 }, commitment, "does not show"),
            ("another index and its true value", opening with { Index = 5, Value = values[5] }, commitment, "does not show"),
            ("another count", opening with { Count = 10 }, commitment, "does not show"),
            ("a flipped proof byte", opening with { Proof = proof }, commitment, ""),
            ("a truncated proof", opening with { Proof = opening.Proof[..^1] }, commitment, "does not decode"),
            ("another SRS", opening with { Srs = new string('0', 64) }, commitment, "made with SRS"),
            ("another format version", opening with { FormatVersion = 2 }, commitment, "format version 2"),
        };
        foreach (var (name, o, expected, reason) in cases)
        {
            var result = BoundaryOpening.FromJson(o.ToJson()).Verify(expected, Srs, device);
            Assert.False(result.Verified, name);
            Assert.Contains(reason, result.Reason);
            output.WriteLine($"{name}: {result.Reason}");
        }
        Assert.Throws<InvalidEncodingException>(() => BoundaryOpening.FromJson(opening.ToJson().Replace(BoundaryOpening.Hex(commitment), "zz")));
        Assert.Throws<InvalidEncodingException>(() => BoundaryOpening.FromJson("{\"formatVersion\":1}"));
    }

    [Fact]
    public void TwoOpeningsOfOneBoundaryVerifyAndRevealOnlyTheirValue()
    {
        var values = Values(7, 9);
        var salt = BoundaryCommitment.NewSalt();
        Fr commitment = BoundaryCommitment.Compute(Field(values), salt);
        using var device = new CpuDevice();
        var first = BoundaryOpening.Open(values, salt, 0, Srs, device);
        var last = BoundaryOpening.Open(values, salt, 6, Srs, device);
        foreach (var (o, j) in new[] { (first, 0), (last, 6) })
        {
            Assert.True(o.Verify(commitment, Srs, device).Verified);
            Assert.Equal([[commitment, Fr.FromInt64(values[j])]], o.PublicInputs);
            // The file holds the statement and the proof, nothing else.
            using var doc = JsonDocument.Parse(o.ToJson());
            Assert.Equal(["formatVersion", "commitment", "index", "count", "value", "srs", "proof"], doc.RootElement.EnumerateObject().Select(p => p.Name));
            foreach (var (v, i) in values.Select((v, i) => (v, i)).Where(p => p.i != j))
                Assert.DoesNotContain(v.ToString(), o.ToJson());
            Assert.DoesNotContain(salt.ToString(), o.ToJson());
            Assert.DoesNotContain(BoundaryOpening.Hex(salt), o.ToJson());
            Assert.DoesNotContain(BoundaryOpening.Hex(MerkleTree.ComputeRoot(Field(values))), o.ToJson());
        }
        // A proof is bound to its index: the first opening's proof does not open index 6.
        Assert.False((first with { Index = 6, Value = values[6] }).Verify(commitment, Srs, device).Verified);
    }
}
