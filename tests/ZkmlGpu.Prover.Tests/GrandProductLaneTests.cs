using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

/// <summary>
/// The permutation grand products and lookup running sums on the vector lanes equal the scalar passes bit for bit
/// (random and edge values, short, exact and ragged multi-block lengths), zero denominators are refused on both
/// paths, and a seeded proof has the same bytes at every lane width.
/// </summary>
public class GrandProductLaneTests(PlonkFixture fx) : IClassFixture<PlonkFixture>
{
    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (int width in new[] { 8, 4 })
            foreach (int u in new[] { 1, 5, 8, 4096, 2 * 4096 + 333 })
                data.Add(width, u);
        return data;
    }

    /// <summary>0, 1, 2, p − 1, p − 2, and Montgomery forms with runs of full 29-bit and 64-bit limbs.</summary>
    private static IEnumerable<Fr> EdgeValues()
    {
        BigInteger p = Fr.Modulus;
        foreach (var v in new BigInteger[] { 0, 1, 2, p - 1, p - 2, (p - 1) / 2 }) yield return Fr.FromBigInteger(v);
        for (int k = 29; k < 254; k += 29) yield return Fr.FromMontgomery(U256.FromBigInteger((BigInteger.One << k) - 1));
        yield return Fr.FromMontgomery(U256.FromBigInteger((BigInteger.One << 192) - 1));
        yield return Fr.FromMontgomery(U256.FromBigInteger(p - 1));
    }

    private static Fr[] Column(Random rng, int length, int edgeOffset)
    {
        var values = new Fr[length];
        for (int i = 0; i < length; i++) values[i] = Fr.Random(rng);
        int at = edgeOffset % Math.Max(1, length);
        foreach (var e in EdgeValues()) { values[at] = e; at = (at + 7) % length; }
        return values;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PermutationChunkMatchesScalarPass(int width, int u)
    {
        if (width > SimdWidth.Supported) return;
        var rng = new Random(u + width);
        var columns = Enumerable.Range(0, 3).Select(j => (Column(rng, u, j), Column(rng, u, j + 3), Fr.Random(rng))).ToArray();
        var omegaPowers = PermutationArgument.Powers(Fr.RootOfUnity(14), u);
        Fr beta = Fr.Random(rng), gamma = Fr.Random(rng), first = Fr.Random(rng);
        var scalar = new Fr[u + 1];
        var lanes = new Fr[u + 1];
        using (SimdWidth.Override(1)) PermutationArgument.ChunkProduct(u, columns, omegaPowers, beta, gamma, first, scalar);
        using (SimdWidth.Override(width)) PermutationArgument.ChunkProduct(u, columns, omegaPowers, beta, gamma, first, lanes);
        Assert.Equal(scalar, lanes);
        // And the definition at the last row.
        Fr expected = first;
        for (int i = 0; i < u; i++)
            foreach (var (values, sigma, betaDelta) in columns)
                expected *= (values[i] + betaDelta * omegaPowers[i] + gamma) * (values[i] + beta * sigma[i] + gamma).Inverse();
        Assert.Equal(expected, lanes[u]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LookupRunningSumMatchesScalarPass(int width, int u)
    {
        if (width > SimdWidth.Supported) return;
        var rng = new Random(1000 + u + width);
        var rows = new LookupRows(Column(rng, u, 0), Column(rng, u, 1), Column(rng, u, 2), u);
        var m = Column(rng, u, 3);
        Fr beta = Fr.Random(rng);
        var scalar = new Fr[u + 1];
        var lanes = new Fr[u + 1];
        using (SimdWidth.Override(1)) LookupArgument.RunningSum(u, rows, m, beta, scalar);
        using (SimdWidth.Override(width)) LookupArgument.RunningSum(u, rows, m, beta, lanes);
        Assert.Equal(scalar, lanes);
        Fr expected = Fr.Zero;
        for (int i = 0; i < u; i++) expected += rows.Selector[i] * (rows.Inputs[i] + beta).Inverse() - m[i] * (rows.Table[i] + beta).Inverse();
        Assert.Equal(expected, lanes[u]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void ZeroDenominatorsAreRefusedAtEveryWidth(int width)
    {
        if (width > SimdWidth.Supported) return;
        const int u = 4096 + 17;
        var rng = new Random(5);
        Fr beta = Fr.Random(rng), gamma = Fr.Random(rng);
        var values = Column(rng, u, 0);
        var sigma = Column(rng, u, 1);
        // v + β·σ + γ = 0 in the second block's ragged tail.
        values[u - 3] = -(beta * sigma[u - 3] + gamma);
        var columns = new[] { (values, sigma, Fr.Random(rng)) };
        var omegaPowers = PermutationArgument.Powers(Fr.RootOfUnity(13), u);
        var rows = new LookupRows(Column(rng, u, 2), Column(rng, u, 3), Column(rng, u, 4), u);
        rows.Table[4000] = -beta;
        var z = new Fr[u + 1];
        using (SimdWidth.Override(width))
        {
            Assert.Throws<DivideByZeroException>(() => PermutationArgument.ChunkProduct(u, columns, omegaPowers, beta, gamma, Fr.One, z));
            Assert.Throws<DivideByZeroException>(() => LookupArgument.RunningSum(u, rows, Column(rng, u, 5), beta, z));
        }
    }

    /// <summary>
    /// Gates, lookups, one and several permutation chunks, linked (the synthetic circuit) and unlinked (a degree-5
    /// gate with five equality columns): the seeded proof is the same at every lane width, the quotient included.
    /// </summary>
    [Fact]
    public void SeededProofBytesAreTheSameAtEveryLaneWidth()
    {
        var circuits = new[] { PlonkTestCircuits.Lookups(false), PlonkTestCircuits.Copies(false), SyntheticCircuit.Build(8), UnlinkedChunks() };
        var chunkings = new List<(int, bool)>();
        foreach (var builder in circuits)
        {
            using var pk = Keygen.Create(fx.Srs, fx.Device, builder);
            chunkings.Add((pk.Vk.Layout.PermutationChunks, pk.Vk.Layout.LinkedChunks));
            var proofs = SimdWidth.Available.Select(width =>
            {
                using var _ = SimdWidth.Override(width);
                return Convert.ToHexStringLower(ProofEncoding.Encode(PlonkProver.Prove(pk, builder, options: ProverOptions.Seeded(PlonkGoldenTests.ProofSeed))));
            }).ToArray();
            Assert.All(proofs, p => Assert.Equal(proofs[^1], p)); // the last is the scalar path
            Assert.True(PlonkVerifier.Verify(pk.Vk, ProofEncoding.Decode(Convert.FromHexString(proofs[0]), pk.Vk), builder.PublicInputs));
        }
        Assert.Contains(chunkings, c => c.Item1 > 1 && c.Item2);
        Assert.Contains(chunkings, c => c.Item1 > 1 && !c.Item2);
    }

    /// <summary>A degree-5 gate (chunks of 3 columns) and 5 equality columns: two permutation chunks, not linked.</summary>
    private static CircuitBuilder UnlinkedChunks()
    {
        var cs = new ConstraintSystem();
        var a = Enumerable.Range(0, 5).Select(i => cs.AdviceColumn($"a{i}")).ToArray();
        var q = cs.Selector("q");
        foreach (var c in a) cs.EnableEquality(c);
        cs.CreateGate("product", q * (a[0].Cur * a[1].Cur * a[2].Cur * a[3].Cur - a[4].Cur));
        var b = new CircuitBuilder(cs);
        var region = b.Region("chain", 40);
        var rng = new Random(3);
        AssignedCell? previous = null;
        for (int row = 0; row < 40; row++)
        {
            // a0 is the previous row's product and a2 repeats a1 (copies within and across the two chunks).
            var first = previous is null ? region.Assign(a[0], row, Fr.FromUInt64(7)) : region.Copy(previous.Value, a[0], row);
            var second = region.Assign(a[1], row, Fr.FromUInt64((ulong)rng.Next(1, 1000)));
            region.Copy(second, a[2], row);
            Fr fourth = Fr.FromUInt64((ulong)rng.Next(1, 1000));
            region.Assign(a[3], row, fourth);
            previous = region.Assign(a[4], row, first.Value * second.Value * second.Value * fourth);
            region.Enable(q, row);
        }
        return b;
    }
}
