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

/// <summary>
/// Checks a witness directly, without cryptography: every gate on every usable row, every copy and every lookup,
/// reporting failures by name, row, region and the values involved. Rows past the usable ones hold random values,
/// as in a real proof, so a gate that reads into them (e.g. a rotation off the end) is reported too.
/// </summary>
public static class MockProver
{
    public const int MaxReported = 100;

    public static MockResult Check(CircuitBuilder builder, int? k = null, IReadOnlyList<Fr[]>? publicInputs = null)
    {
        var cs = builder.ConstraintSystem;
        int kk = k ?? builder.MinimumK;
        int n = 1 << kk, usable = n - cs.BlindingFactors - 1;
        builder.CheckFits(n, usable);
        var inputs = publicInputs ?? builder.PublicInputs;
        if (inputs.Count != cs.InstanceCount) throw new ArgumentException($"Expected {cs.InstanceCount} instance columns, got {inputs.Count}.");

        var advice = builder.AdviceValues(n);
        var rng = new Random(1);
        foreach (var column in advice) for (int row = usable; row < n; row++) column[row] = Fr.Random(rng);
        var fix = builder.FixedValues(n, usable);
        var instance = CircuitBuilder.InstanceValues(inputs, n, usable);
        Fr Value(Column c, int row) => c.Kind switch
        {
            ColumnKind.Advice => advice[c.Index][row],
            ColumnKind.Fixed => fix[c.Index][row],
            _ => instance[c.Index][row],
        };

        var failures = new List<ConstraintFailure>();
        int total = 0;
        void Report(ConstraintFailure f) { total++; if (failures.Count < MaxReported) failures.Add(f); }
        string? RegionName(int row) => builder.RegionAt(row) is { } r ? $"{r.Name}@{r.Start}+{row - r.Start}" : null;

        foreach (var gate in cs.Gates)
        {
            foreach (var constraint in gate.Constraints)
            {
                for (int row = 0; row < usable; row++)
                {
                    int r = row;
                    var value = constraint.Polynomial.Evaluate((c, rot) => Value(c, Wrap(r + rot, n)));
                    if (value.IsZero) continue;
                    var cells = constraint.Polynomial.Queries().Select(q => (q.Column, q.Rotation)).Distinct()
                        .Select(q => ($"{cs.NameOf(q.Column)}@{Wrap(r + q.Rotation, n)}", Value(q.Column, Wrap(r + q.Rotation, n)))).ToArray();
                    string region = RegionName(row) is { } rn ? $" (region {rn})" : "";
                    Report(new ConstraintFailure(FailureKind.Gate, gate.Name, row, RegionName(row), cells,
                        $"Gate '{gate.Name}' constraint '{constraint.Name}' fails at row {row}{region}: evaluates to {value} with {string.Join(", ", cells.Select(c => $"{c.Item1}={c.Item2}"))}."));
                }
            }
        }

        foreach (var (a, b) in builder.Copies)
        {
            Fr va = Value(a.Column, a.Row), vb = Value(b.Column, b.Row);
            if (va == vb) continue;
            Report(new ConstraintFailure(FailureKind.Copy, $"{a} = {b}", a.Row, RegionName(a.Row),
                new[] { ($"{cs.NameOf(a.Column)}@{a.Row}", va), ($"{cs.NameOf(b.Column)}@{b.Row}", vb) },
                $"Copy constraint {cs.NameOf(a.Column)}@{a.Row} = {cs.NameOf(b.Column)}@{b.Row} fails at row {a.Row}: {va} ≠ {vb}."));
        }

        foreach (var lookup in cs.Lookups)
        {
            var table = new HashSet<TupleKey>();
            for (int row = 0; row < usable; row++)
            {
                int r = row;
                table.Add(new TupleKey(lookup.Tables.Select(e => e.Evaluate((c, rot) => Value(c, Wrap(r + rot, n)))).ToArray()));
            }
            for (int row = 0; row < usable; row++)
            {
                int r = row;
                if (lookup.Selector.Evaluate((c, rot) => Value(c, Wrap(r + rot, n))).IsZero) continue; // idle row
                var tuple = lookup.Inputs.Select(e => e.Evaluate((c, rot) => Value(c, Wrap(r + rot, n)))).ToArray();
                if (table.Contains(new TupleKey(tuple))) continue;
                string region = RegionName(row) is { } rn ? $" (region {rn})" : "";
                var cells = tuple.Select((v, i) => ($"input{i}", v)).ToArray();
                Report(new ConstraintFailure(FailureKind.Lookup, lookup.Name, row, RegionName(row), cells,
                    $"Lookup '{lookup.Name}' fails at row {row}{region}: ({string.Join(", ", tuple)}) is not in the table."));
            }
        }
        return new MockResult(kk, failures, total);
    }

    internal static int Wrap(int row, int n) => ((row % n) + n) % n;

    internal sealed class TupleKey(Fr[] values) : IEquatable<TupleKey>
    {
        private readonly Fr[] _values = values;
        public bool Equals(TupleKey? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);
        public override bool Equals(object? obj) => Equals(obj as TupleKey);
        public override int GetHashCode()
        {
            var h = new HashCode();
            foreach (var v in _values) h.Add(v);
            return h.ToHashCode();
        }
    }
}
