using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

public class PlonkChallengeTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    private static readonly long[,] A = { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 10 } };
    private static readonly long[,] B = { { 2, 0, 1 }, { 1, 3, 5 }, { -4, 2, 9 } };

    private static long[,] Product(long[,] a, long[,] b)
    {
        var c = new long[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) c[i, j] += a[i, k] * b[k, j];
        return c;
    }

    [Fact]
    public void FreivaldsCheckOfAMatrixProductProvesAndVerifies()
    {
        var circuit = new FreivaldsCircuit(A, B, Product(A, B));
        Assert.Equal(2, circuit.ConstraintSystem.PhaseCount);
        var mock = MockProver.Check(circuit);
        Assert.True(mock.IsSatisfied, mock.ToString());
        using var pk = Keygen.Create(fx.Srs, fx.Device, new FreivaldsCircuit(A, B)); // the key needs no witness
        var proof = PlonkProver.Prove(pk, circuit);
        Assert.True(PlonkVerifier.Verify(pk.Vk, proof, []));
        // The verifying key carries the phases and the challenge: it round-trips and the decoded key verifies.
        var vk = KeyEncoding.DecodeVerifyingKey(KeyEncoding.EncodeVerifyingKey(pk.Vk));
        Assert.Equal(pk.Vk.Digest, vk.Digest);
        Assert.True(PlonkVerifier.Verify(vk, ProofEncoding.Decode(ProofEncoding.Encode(proof), vk), []));
    }

    /// <remarks>A scheduler synthesizes phase 0 ahead: the proof must be the one the prover makes alone, later phases included.</remarks>
    [Fact]
    public void APhaseZeroSynthesizedAheadGivesTheSameProofAndMustComeFromTheSameCircuit()
    {
        using var pk = Keygen.Create(fx.Srs, fx.Device, new FreivaldsCircuit(A, B));
        var alone = ProofEncoding.Encode(PlonkProver.Prove(pk, new FreivaldsCircuit(A, B, Product(A, B)), options: ProverOptions.Seeded(7)));
        var circuit = new FreivaldsCircuit(A, B, Product(A, B));
        var phaseZero = PlonkProver.SynthesizePhaseZero(circuit);
        var ahead = PlonkProver.Prove(pk, circuit, phaseZero, options: ProverOptions.Seeded(7));
        Assert.NotNull(circuit.SeenChallenge); // phase 1 was still synthesized, with the drawn challenge
        Assert.Equal(Convert.ToHexStringLower(alone), Convert.ToHexStringLower(ProofEncoding.Encode(ahead)));
        Assert.True(PlonkVerifier.Verify(pk.Vk, ahead, []));

        var other = new FreivaldsCircuit(A, B, Product(A, B));
        Assert.Throws<ArgumentException>(() => PlonkProver.Prove(pk, other, phaseZero));
    }

    [Fact]
    public void WrongProductIsCaughtByTheMockRefusedByTheProverAndRejectedByTheVerifier()
    {
        var c = Product(A, B);
        c[1, 2] += 1;
        var bad = new FreivaldsCircuit(A, B, c);
        var mock = MockProver.Check(bad);
        Assert.Contains(mock.Failures, f => f.Kind == FailureKind.Copy);
        using var pk = Keygen.Create(fx.Srs, fx.Device, new FreivaldsCircuit(A, B));
        Assert.Throws<InvalidOperationException>(() => PlonkProver.Prove(pk, bad));
        var proof = PlonkProver.Prove(pk, bad, options: new ProverOptions { CheckWitness = false });
        Assert.False(fx.VerifyWithTrapdoor(pk.Vk, proof, []));
        Assert.False(PlonkVerifier.Verify(pk.Vk, proof, []));
    }

    [Fact]
    public void ChallengeIsDrawnFromThePhaseZeroCommitments()
    {
        using var pk = Keygen.Create(fx.Srs, fx.Device, new FreivaldsCircuit(A, B));
        Fr Challenge(FreivaldsCircuit circuit, ulong seed)
        {
            var proof = PlonkProver.Prove(pk, circuit, options: ProverOptions.Seeded(seed));
            Assert.True(fx.VerifyWithTrapdoor(pk.Vk, proof, []));
            return circuit.SeenChallenge ?? throw new InvalidOperationException("Phase 1 was not synthesized.");
        }
        var baseline = Challenge(new FreivaldsCircuit(A, B), 5);
        Assert.Equal(baseline, Challenge(new FreivaldsCircuit(A, B), 5));
        // One phase-0 entry changed (the claim stays true): another instance of the same shape, another challenge.
        var a2 = (long[,])A.Clone();
        a2[0, 0] = 11;
        Assert.NotEqual(baseline, Challenge(new FreivaldsCircuit(a2, B), 5));
        // Same witness, other blinding of the phase-0 commitments.
        Assert.NotEqual(baseline, Challenge(new FreivaldsCircuit(A, B), 6));
    }

    [Fact]
    public void APlainBuilderCannotProveOrReadChallenges()
    {
        var circuit = new FreivaldsCircuit(A, B);
        using var pk = Keygen.Create(fx.Srs, fx.Device, circuit);
        var builder = new CircuitBuilder(circuit.ConstraintSystem);
        Assert.Throws<InvalidOperationException>(() => circuit.Synthesize(builder));
        Assert.Contains("ICircuit", Assert.Throws<ArgumentException>(() => PlonkProver.Prove(pk, new CircuitBuilder(circuit.ConstraintSystem))).Message);
    }
}
