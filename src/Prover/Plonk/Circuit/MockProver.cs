using System.Text;
using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Checks a witness directly, without cryptography: every gate on every usable row, every copy and every lookup,
/// reporting failures by name, row, region and the values involved. Rows past the usable ones hold random values,
/// as in a real proof, so a gate that reads into them (e.g. a rotation off the end) is reported too.
/// </summary>
public static class MockProver
{
    public const int MaxReported = 100;

    /// <summary>Checks a circuit with challenges: random challenge values, then every phase synthesized with them.</summary>
    public static MockResult Check(ICircuit circuit, int? k = null, IReadOnlyList<Fr[]>? publicInputs = null)
    {
        var cs = circuit.ConstraintSystem;
        var rng = new Random(2);
        var challenges = Enumerable.Range(0, cs.ChallengeCount).Select(_ => Fr.Random(rng)).ToArray();
        return Check(CircuitBuilder.SynthesizeAll(circuit, challenges), k, publicInputs);
    }

    public static MockResult Check(CircuitBuilder builder, int? k = null, IReadOnlyList<Fr[]>? publicInputs = null)
    {
        if (builder.IsShapeOnly) throw new ArgumentException("A shape-only builder has no witness to check.");
        var cs = builder.ConstraintSystem;
        var challenges = builder.ChallengeValues;
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
                    var value = constraint.Polynomial.Evaluate((c, rot) => Value(c, Wrap(r + rot, n)), challenges);
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
                table.Add(new TupleKey(lookup.Tables.Select(e => e.Evaluate((c, rot) => Value(c, Wrap(r + rot, n)), challenges)).ToArray()));
            }
            for (int row = 0; row < usable; row++)
            {
                int r = row;
                if (lookup.Selector.Evaluate((c, rot) => Value(c, Wrap(r + rot, n)), challenges).IsZero) continue; // idle row
                var tuple = lookup.Inputs.Select(e => e.Evaluate((c, rot) => Value(c, Wrap(r + rot, n)), challenges)).ToArray();
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
