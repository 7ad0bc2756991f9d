using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;
using static ZkmlGpu.Prover.Tests.KzgTestHelpers;

namespace ZkmlGpu.Prover.Tests;

public class KzgVerifyTests
{
    private const int Size = 32;
    private const ulong Seed = 99;
    private static readonly Srs DevSrs = Srs.CreateInsecureDevelopmentSrs(Size, Seed);
    private static KzgVerifierKey Vk => DevSrs.VerifierKey;

    [Fact]
    public void DevelopmentSrsG2HalfAgreesWithG1HalfByPairing()
    {
        Assert.Equal(G2Affine.Generator, DevSrs.G2);
        Assert.True(DevSrs.TauG2.IsInSubgroup);
        // e(τ^{i+1}·G1, G2) = e(τ^i·G1, τ·G2) for every i.
        var g1 = DevSrs.G1Powers.Span;
        for (int i = 0; i + 1 < Size; i += 5)
            Assert.True(Pairing.Check([g1[i + 1], -g1[i]], [DevSrs.G2, DevSrs.TauG2]));
        Assert.False(Pairing.Check([g1[2], -g1[0]], [DevSrs.G2, DevSrs.TauG2]));
        Assert.Equal(DevSrs.G2, DevSrs.Truncate(3).G2);
        Assert.Equal(DevSrs.TauG2, DevSrs.Truncate(3).TauG2);
    }

    [Fact]
    public void OpenVerifyRoundTripAndRejections()
    {
        var rng = new Random(31);
        using var device = new CpuDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        foreach (int n in new[] { 1, 2, 1 + rng.Next(Size - 1), Size })
        {
            var p = RandomPoly(rng, n);
            var c = committer.Commit(p);
            Fr z = Fr.Random(rng);
            var o = committer.Open(p, z);
            Assert.True(KzgVerifier.Verify(Vk, c, z, o.Value, o.Proof));
            Assert.True(KzgVerifier.Verify(Vk, c, z, o));

            Assert.False(KzgVerifier.Verify(Vk, c, z, o.Value + Fr.One, o.Proof), "wrong value");
            // A constant polynomial takes its value everywhere, so only then does another point verify.
            Assert.Equal(n == 1, KzgVerifier.Verify(Vk, c, z + Fr.One, o.Value, o.Proof));
            var other = committer.Commit(RandomPoly(rng, n));
            Assert.False(KzgVerifier.Verify(Vk, other, z, o.Value, o.Proof), "wrong commitment");
            var badProof = (o.Proof.ToJacobian() + G1Affine.Generator).ToAffine();
            Assert.False(KzgVerifier.Verify(Vk, c, z, o.Value, badProof), "wrong proof");
            Assert.False(KzgVerifier.Verify(Vk, c, z, o.Value, new G1Affine(o.Proof.X, o.Proof.Y + Fq.One)), "off-curve proof");
            Assert.False(KzgVerifier.Verify(Vk, new G1Affine(c.X + Fq.One, c.Y), z, o.Value, o.Proof), "off-curve commitment");
            var otherVk = Srs.CreateInsecureDevelopmentSrs(2, Seed + 1).VerifierKey;
            // A constant's commitment is v·G1 with an identity proof under every SRS.
            Assert.Equal(n == 1, KzgVerifier.Verify(otherVk, c, z, o.Value, o.Proof));
        }
    }

    [Fact]
    public void OpeningAtSpecialPoints()
    {
        var rng = new Random(32);
        using var device = new CpuDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        var p = RandomPoly(rng, 7);
        var c = committer.Commit(p);
        foreach (var z in new[] { Fr.Zero, Fr.One, -Fr.One, Fr.RootOfUnity(3) })
        {
            var o = committer.Open(p, z);
            Assert.True(KzgVerifier.Verify(Vk, c, z, o));
            Assert.False(KzgVerifier.Verify(Vk, c, z, -o.Value - Fr.One, o.Proof));
        }
        // The zero polynomial: commitment and proof are the identity.
        var zero = new Fr[4];
        var cz = committer.Commit(zero);
        var oz = committer.Open(zero, Fr.FromUInt64(5));
        Assert.True(cz.IsInfinity && oz.Proof.IsInfinity && oz.Value.IsZero);
        Assert.True(KzgVerifier.Verify(Vk, cz, Fr.FromUInt64(5), oz));
        Assert.False(KzgVerifier.Verify(Vk, cz, Fr.FromUInt64(5), Fr.One, oz.Proof));
    }

    [Fact]
    public void KnownTauForgesOpenings_TheDevelopmentSrsIsInsecure()
    {
        // Anyone who knows the seed can open any commitment to any value: π = (C − v·G1)/(τ − z).
        var rng = new Random(33);
        using var device = new CpuDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        var p = RandomPoly(rng, 5);
        var c = committer.Commit(p);
        Fr z = Fr.Random(rng), fake = Fr.Random(rng);
        Fr tau = Srs.InsecureDevelopmentTau(Seed);
        Fr scalar = (PolynomialOps.Evaluate(p, tau) - fake) * (tau - z).Inverse();
        var forged = NaiveMultiply(G1Affine.Generator, scalar).ToAffine();
        Assert.NotEqual(PolynomialOps.Evaluate(p, z), fake);
        Assert.True(KzgVerifier.Verify(Vk, c, z, fake, forged));
    }

    [Fact]
    public void MultiOpenAtOnePointRoundTripsAndRejectsAnyChange()
    {
        var rng = new Random(34);
        using var device = new CpuDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        var polys = new[] { RandomPoly(rng, Size), RandomPoly(rng, 1), RandomPoly(rng, 10), new Fr[3] };
        Fr z = Fr.Random(rng), v = Fr.Random(rng), u = Fr.Random(rng);
        var commitments = polys.Select(p => committer.Commit(p)).ToArray();
        var values = polys.Select(p => PolynomialOps.Evaluate(p, z)).ToArray();
        var w = KzgMultiOpen.Prove(committer, [(z, polys)], v);
        (Fr, IReadOnlyList<KzgClaim>)[] Groups(G1Affine[] c, Fr[] y, Fr point) => [(point, c.Select((ci, k) => new KzgClaim(ci, y[k])).ToArray())];
        Assert.True(KzgMultiOpen.Verify(Vk, Groups(commitments, values, z), w, v, u, device));

        for (int i = 0; i < polys.Length; i++)
        {
            var wrong = values.ToArray();
            wrong[i] += Fr.One;
            Assert.False(KzgMultiOpen.Verify(Vk, Groups(commitments, wrong, z), w, v, u, device), $"wrong value {i}");
        }
        Assert.False(KzgMultiOpen.Verify(Vk, Groups(commitments, values, z), w, v + Fr.One, u, device), "wrong v");
        Assert.False(KzgMultiOpen.Verify(Vk, Groups(commitments, values, z + Fr.One), w, v, u, device), "wrong point");
        var swapped = commitments.ToArray();
        (swapped[0], swapped[2]) = (swapped[2], swapped[0]);
        Assert.False(KzgMultiOpen.Verify(Vk, Groups(swapped, values, z), w, v, u, device), "swapped commitments");
        Assert.False(KzgMultiOpen.Verify(Vk, Groups(commitments, values, z), [(w[0].ToJacobian() + G1Affine.Generator).ToAffine()], v, u, device), "wrong witness");
        Assert.False(KzgMultiOpen.Verify(Vk, Groups(commitments, values, z), [new G1Affine(w[0].X, w[0].Y + Fq.One)], v, u, device), "off-curve witness");
        Assert.Throws<ArgumentException>(() => KzgMultiOpen.Verify(Vk, Groups(commitments, values, z), [], v, u, device));
    }

    [Fact]
    public void MultiOpenAtSeveralPointsAcceptsValidGroupsAndRejectsAnyWrongOne()
    {
        var rng = new Random(35);
        using var device = new CpuDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        const int groups = 4;
        var points = new Fr[groups];
        var polys = new Fr[groups][][];
        for (int g = 0; g < groups; g++)
        {
            points[g] = Fr.Random(rng);
            polys[g] = [RandomPoly(rng, 2 + rng.Next(Size - 1)), RandomPoly(rng, 2 + rng.Next(Size - 1))]; // degree ≥ 1
        }
        Fr v = Fr.Random(rng), u = Fr.Random(rng);
        var w = KzgMultiOpen.Prove(committer, Enumerable.Range(0, groups).Select(g => (points[g], (IReadOnlyList<Fr[]>)polys[g])).ToList(), v);
        List<(Fr, IReadOnlyList<KzgClaim>)> Claims(int bad, int kind) => Enumerable.Range(0, groups).Select(g =>
        {
            Fr z = g == bad && kind == 1 ? points[g] + Fr.One : points[g];
            var claims = polys[g].Select((p, k) => new KzgClaim(committer.Commit(p), PolynomialOps.Evaluate(p, points[g]) + (g == bad && kind == 0 && k == 1 ? Fr.One : Fr.Zero))).ToArray();
            if (g == bad && kind == 2) claims[0] = claims[0] with { Commitment = [(committer.Commit(polys[(g + 1) % groups][0]), Fr.One)] };
            return (z, (IReadOnlyList<KzgClaim>)claims);
        }).ToList();
        Assert.True(KzgMultiOpen.Verify(Vk, Claims(-1, 0), w, v, u, device));
        for (int g = 0; g < groups; g++)
        {
            for (int kind = 0; kind < 3; kind++) Assert.False(KzgMultiOpen.Verify(Vk, Claims(g, kind), w, v, u, device), $"group {g}, change {kind}");
            var otherW = w.ToArray();
            otherW[g] = w[(g + 1) % groups];
            Assert.False(KzgMultiOpen.Verify(Vk, Claims(-1, 0), otherW, v, u, device), $"witness of group {g}");
        }
    }

    [Fact]
    public void VerifierKeyRejectsBadPoints()
    {
        Assert.Throws<ArgumentException>(() => new KzgVerifierKey(G1Affine.Infinity, DevSrs.G2, DevSrs.TauG2));
        Assert.Throws<ArgumentException>(() => new KzgVerifierKey(DevSrs.G1, G2Affine.Infinity, DevSrs.TauG2));
        Assert.Throws<ArgumentException>(() => new KzgVerifierKey(DevSrs.G1, DevSrs.G2, new G2Affine(DevSrs.TauG2.X, DevSrs.TauG2.X)));
        var vk = new KzgVerifierKey(DevSrs.G1, DevSrs.G2, DevSrs.TauG2);
        Assert.Equal(DevSrs.TauG2, vk.TauG2);
    }
}
