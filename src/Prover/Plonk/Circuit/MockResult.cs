using System.Text;
using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

public enum FailureKind { Gate, Copy, Lookup }

/// <summary>One broken constraint: which gate/copy/lookup, at which row, and the values it saw.</summary>
public sealed record ConstraintFailure(FailureKind Kind, string Name, int Row, string? Region, IReadOnlyList<(string Cell, Fr Value)> Cells, string Message)
{
    public override string ToString() => Message;
}

/// <summary>The outcome of <see cref="MockProver.Check"/>.</summary>
public sealed class MockResult
{
    internal MockResult(int k, IReadOnlyList<ConstraintFailure> failures, int totalFailures) { K = k; Failures = failures; TotalFailures = totalFailures; }

    public int K { get; }
    public bool IsSatisfied => TotalFailures == 0;
    /// <summary>The first failures found (at most <see cref="MockProver.MaxReported"/>).</summary>
    public IReadOnlyList<ConstraintFailure> Failures { get; }
    public int TotalFailures { get; }

    /// <summary>Throws with the readable report unless every constraint holds.</summary>
    public void AssertSatisfied()
    {
        if (!IsSatisfied) throw new InvalidOperationException(ToString());
    }

    public override string ToString()
    {
        if (IsSatisfied) return $"All gates, copies and lookups hold (k = {K}).";
        var sb = new StringBuilder($"{TotalFailures} constraint failure(s) (k = {K}):");
        foreach (var f in Failures) sb.Append("\n  ").Append(f.Message);
        if (TotalFailures > Failures.Count) sb.Append($"\n  … and {TotalFailures - Failures.Count} more.");
        return sb.ToString();
    }
}
