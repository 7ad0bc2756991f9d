using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

public class PlonkLayoutTests
{
    [Theory]
    [MemberData(nameof(PlonkTestCircuits.All), MemberType = typeof(PlonkTestCircuits))]
    public void OpeningsAreTheOneListOfEvaluationsAndRotations(string name)
    {
        var builder = PlonkTestCircuits.Get(name).Build(false);
        var layout = new ProofLayout(builder.ConstraintSystem, builder.MinimumK);
        Assert.Equal(layout.Openings.Count, layout.EvaluationCount);
        Assert.Equal(layout.Openings.Count, layout.Openings.Distinct().Count());
        for (int i = 0; i < layout.Openings.Count; i++) Assert.Equal(i, layout.IndexOf(layout.Openings[i]));
        Assert.Equal(layout.Openings.Select(o => o.Rotation).Append(0).Distinct().Order(), layout.Rotations);
        // Each argument's entries: σ_j at x, Z_c at x and ωx, per lookup m at x and Z at x and ωx.
        Assert.Equal(layout.PermutationColumns.Count, layout.Openings.Count(o => o.Kind == PolynomialKind.PermutationSigma));
        Assert.Equal(2 * layout.PermutationChunks, layout.Openings.Count(o => o.Kind == PolynomialKind.PermutationProduct));
        Assert.Equal(3 * layout.LookupCount, layout.Openings.Count(o => o.Kind is PolynomialKind.LookupMultiplicity or PolynomialKind.LookupSum));
        Assert.Throws<KeyNotFoundException>(() => layout.IndexOf(new Opening(PolynomialKind.Advice, 0, 12345)));
    }

    [Fact]
    public void PhasesAndChallengesAreInTranscriptOrder()
    {
        var cs = new ConstraintSystem();
        var a = cs.AdviceColumn("a");
        var b = cs.AdviceColumn("b", phase: 1);
        var c = cs.AdviceColumn("c");
        var r0 = cs.Challenge("r0");
        var r1 = cs.Challenge("r1", afterPhase: 1);
        cs.CreateGate("g", a.Cur * r0 + b.Cur * r1 - c.Cur);
        var layout = new ProofLayout(cs, 4);
        Assert.Equal(new[] { new[] { 0, 2 }, new[] { 1 } }, layout.AdvicePhases.Select(p => p.ToArray()));
        Assert.Equal(new[] { new[] { r0.Index }, new[] { r1.Index } }, layout.ChallengesAfterPhase.Select(p => p.ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => cs.AdviceColumn("late", phase: ConstraintSystem.MaxPhase + 1));
        var other = new ConstraintSystem();
        var otherColumn = other.AdviceColumn("a");
        Assert.Contains("challenge[0] does not belong", Assert.Throws<ArgumentException>(() => other.CreateGate("foreign", otherColumn.Cur * r0)).Message);
    }
}
