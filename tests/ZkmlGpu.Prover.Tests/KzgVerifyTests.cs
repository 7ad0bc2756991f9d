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
    public void BatchOpenVerifyRoundTripAndRejections()
    {
        var rng = new Random(34);
        using var device = new CpuDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        var polys = new ReadOnlyMemory<Fr>[] { RandomPoly(rng, Size), RandomPoly(rng, 1), RandomPoly(rng, 10), new Fr[3] };
        var commitments = polys.Select(p => committer.Commit(p.Span)).ToArray();
        Fr z = Fr.Random(rng), gamma = Fr.Random(rng);
        var opening = committer.OpenBatch(polys, z, gamma);
        Assert.True(KzgVerifier.VerifyBatch(Vk, commitments, z, opening, gamma));

        for (int i = 0; i < polys.Length; i++)
        {
            var values = opening.Values.ToArray();
            values[i] += Fr.One;
            Assert.False(KzgVerifier.VerifyBatch(Vk, commitments, z, values, opening.Proof, gamma), $"wrong value {i}");
        }
        Assert.False(KzgVerifier.VerifyBatch(Vk, commitments, z, opening, gamma + Fr.One), "wrong gamma");
        Assert.False(KzgVerifier.VerifyBatch(Vk, commitments, z + Fr.One, opening, gamma), "wrong point");
        var swapped = commitments.ToArray();
        (swapped[0], swapped[2]) = (swapped[2], swapped[0]);
        Assert.False(KzgVerifier.VerifyBatch(Vk, swapped, z, opening, gamma), "swapped commitments");
        Assert.False(KzgVerifier.VerifyBatch(Vk, commitments, z, opening.Values, (opening.Proof.ToJacobian() + G1Affine.Generator).ToAffine(), gamma), "wrong proof");
        Assert.Throws<ArgumentException>(() => KzgVerifier.VerifyBatch(Vk, commitments, z, opening.Values[..2], opening.Proof, gamma));
        Assert.Throws<ArgumentException>(() => KzgVerifier.VerifyBatch(Vk, [], z, [], opening.Proof, gamma));
    }

    [Fact]
    public void MultiPointVerificationAcceptsValidClaimsAndRejectsAnyWrongOne()
    {
        var rng = new Random(35);
        using var device = new CpuDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        var claims = new KzgOpeningClaim[4];
        for (int i = 0; i < claims.Length; i++)
        {
            var p = RandomPoly(rng, 2 + rng.Next(Size - 1)); // degree ≥ 1, so a wrong point is a false claim
            Fr z = Fr.Random(rng);
            var o = committer.Open(p, z);
            claims[i] = new KzgOpeningClaim(committer.Commit(p), z, o.Value, o.Proof);
        }
        Assert.True(KzgVerifier.VerifyMultiPoint(Vk, claims));
        Assert.True(KzgVerifier.VerifyMultiPoint(Vk, claims.AsSpan(2, 1)));

        for (int i = 0; i < claims.Length; i++)
        {
            var c = claims[i];
            var variants = new[]
            {
                c with { Value = c.Value + Fr.One },
                c with { Point = c.Point + Fr.One },
                c with { Commitment = claims[(i + 1) % claims.Length].Commitment },
                c with { Proof = claims[(i + 1) % claims.Length].Proof },
                c with { Proof = new G1Affine(c.Proof.X, c.Proof.Y + Fq.One) },
            };
            foreach (var bad in variants)
            {
                var copy = claims.ToArray();
                copy[i] = bad;
                Assert.False(KzgVerifier.VerifyMultiPoint(Vk, copy));
            }
        }
        Assert.Throws<ArgumentException>(() => KzgVerifier.VerifyMultiPoint(Vk, []));
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
