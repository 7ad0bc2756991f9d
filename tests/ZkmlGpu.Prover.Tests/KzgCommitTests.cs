using ZkmlGpu.Field;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Polynomials;
using static ZkmlGpu.Prover.Tests.KzgTestHelpers;

namespace ZkmlGpu.Prover.Tests;

public class KzgCommitTests
{
    private const int Size = 32;
    private const ulong Seed = 7;
    private static readonly Srs DevSrs = Srs.CreateInsecureDevelopmentSrs(Size, Seed);
    private static readonly Fr Tau = Srs.InsecureDevelopmentTau(Seed);

    [Fact]
    public void DevelopmentSrsHoldsPowersOfTauTimesGenerator()
    {
        Assert.Equal(Size, DevSrs.Size);
        Assert.Equal(G1Affine.Generator, DevSrs.G1Powers.Span[0]);
        for (int i = 0; i < Size; i++)
        {
            var p = DevSrs.G1Powers.Span[i];
            Assert.True(p.IsOnCurve);
            Assert.Equal(NaiveMultiply(G1Affine.Generator, Tau.Pow((ulong)i)).ToAffine(), p);
        }
        // Deterministic from the seed; different seeds differ.
        var again = Srs.CreateInsecureDevelopmentSrs(Size, Seed);
        Assert.True(again.G1Powers.Span.SequenceEqual(DevSrs.G1Powers.Span));
        Assert.NotEqual(DevSrs.G1Powers.Span[1], Srs.CreateInsecureDevelopmentSrs(2, Seed + 1).G1Powers.Span[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Srs.CreateInsecureDevelopmentSrs(0, Seed));
    }

    [Fact]
    public void TruncateKeepsThePrefix()
    {
        var t = DevSrs.Truncate(5);
        Assert.Equal(5, t.Size);
        Assert.True(t.G1Powers.Span.SequenceEqual(DevSrs.G1Powers.Span[..5]));
        Assert.Same(DevSrs, DevSrs.Truncate(Size));
        Assert.Throws<ArgumentOutOfRangeException>(() => DevSrs.Truncate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DevSrs.Truncate(Size + 1));
    }

    [Fact]
    public void CommitEqualsNaiveMsmAndPOfTauTimesGenerator()
    {
        var rng = new Random(21);
        using var device = new NaiveMsmDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        foreach (int n in new[] { 1, 2, 13, Size })
        {
            var p = RandomPoly(rng, n);
            var c = committer.Commit(p);
            Assert.Equal(NaiveMsm(DevSrs.G1Powers.Span, p).ToAffine(), c);
            Assert.Equal(NaiveMultiply(G1Affine.Generator, PolynomialOps.Evaluate(p, Tau)).ToAffine(), c);
            using var v = device.Upload(p);
            Assert.Equal(c, committer.Commit(v));
        }
    }

    [Fact]
    public void CpuDeviceCommitAndOpenMatchTheNaiveReference()
    {
        var rng = new Random(25);
        using var naive = new NaiveMsmDevice();
        using var cpu = new ZkmlGpu.Gpu.Cpu.CpuDevice();
        using var reference = new KzgCommitter(DevSrs, naive);
        using var committer = new KzgCommitter(DevSrs, cpu);
        foreach (int n in new[] { 1, 2, 5, 31, Size })
        {
            var p = RandomPoly(rng, n);
            var before = (Fr[])p.Clone();
            Assert.Equal(reference.Commit(p), committer.Commit(p)); // the CPU backend reads p in place
            Assert.Equal(before, p);
            Fr[] padded = [.. p, Fr.Zero, Fr.Zero]; // trailing zeros: trimmed, so not read in place
            if (padded.Length <= Size) Assert.Equal(reference.Commit(p), committer.Commit(padded));
            Fr z = Fr.Random(rng);
            Assert.Equal(reference.Open(p, z), committer.Open(p, z));
        }
    }

    [Fact]
    public void CommitChecksTheDegreeButIgnoresTrailingZeros()
    {
        var rng = new Random(22);
        using var device = new NaiveMsmDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        var p = RandomPoly(rng, Size + 1);
        Assert.Throws<ArgumentException>(() => committer.Commit(p));
        Assert.Throws<ArgumentException>(() => committer.Open(p, Fr.One));
        using (var v = device.Upload(p)) Assert.Throws<ArgumentException>(() => committer.Commit(v));

        var padded = new Fr[Size + 10];
        p.AsSpan(0, Size).CopyTo(padded);
        var expected = committer.Commit(p.AsSpan(0, Size));
        Assert.Equal(expected, committer.Commit(padded));
        using (var v = device.Upload(padded)) Assert.Equal(expected, committer.Commit(v));

        Assert.Equal(G1Affine.Infinity, committer.Commit(new Fr[3]));
        Assert.Equal(G1Affine.Infinity, committer.Commit(ReadOnlySpan<Fr>.Empty));
    }

    [Fact]
    public void OpenGivesValueAndQuotientCommitment()
    {
        var rng = new Random(23);
        using var device = new NaiveMsmDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        foreach (int n in new[] { 1, 2, 9, Size })
        {
            var p = RandomPoly(rng, n);
            Fr z = Fr.Random(rng);
            var opening = committer.Open(p, z);
            Assert.Equal(PolynomialOps.Evaluate(p, z), opening.Value);
            // π = [(p(τ) − p(z)) / (τ − z)]₁, computed with the known development τ.
            Fr q = (PolynomialOps.Evaluate(p, Tau) - opening.Value) * (Tau - z).Inverse();
            Assert.Equal(NaiveMultiply(G1Affine.Generator, q).ToAffine(), opening.Proof);
        }
    }

    [Fact]
    public void MultiOpenWitnessCombinesEachGroupWithPowersOfV()
    {
        var rng = new Random(24);
        using var device = new NaiveMsmDevice();
        using var committer = new KzgCommitter(DevSrs, device);
        var polys = new[] { RandomPoly(rng, Size), RandomPoly(rng, 3), RandomPoly(rng, 1), new Fr[Size + 4] };
        Fr z = Fr.Random(rng), z2 = Fr.Random(rng), v = Fr.Random(rng);
        var witnesses = KzgMultiOpen.Prove(committer, [(z, polys), (z2, [polys[1]])], v);
        Assert.Equal(2, witnesses.Length);
        Fr hTau = Fr.Zero, hZ = Fr.Zero, g = Fr.One;
        foreach (var p in polys)
        {
            hTau += g * PolynomialOps.Evaluate(p, Tau);
            hZ += g * PolynomialOps.Evaluate(p, z);
            g *= v;
        }
        Assert.Equal(NaiveMultiply(G1Affine.Generator, (hTau - hZ) * (Tau - z).Inverse()).ToAffine(), witnesses[0]);
        Assert.Equal(committer.Open(polys[1], z2).Proof, witnesses[1]);
        Assert.Throws<ArgumentException>(() => KzgMultiOpen.Prove(committer, [(z, Array.Empty<Fr[]>())], v));
        Assert.Throws<ArgumentException>(() => KzgMultiOpen.Prove(committer, [(z, [RandomPoly(rng, Size + 2)])], v));
    }
}
