using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits.Poseidon;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// Proves in zero knowledge that value j of a committed boundary is v_j: the witness is all n values and the salt;
/// the circuit recomputes the boundary commitment (<see cref="BoundaryCommitmentChip"/>) from the value cells and
/// copies cell j to the public v_j. Instance column "opening" is exactly [commitment, v_j]; the other values and the
/// salt stay private advice (docs/boundary-commitments.md, "Openings").
/// <para>
/// n and j are constants of the shape: n fixes the tree and the commitment's capacity constant Domain(n), and j is
/// the copy constraint from cell j to the public value, so both are bound by the verifying key (the permutation's
/// commitments) that the verifier regenerates from (n, j). A one-hot selection with j public would share one key per
/// n but needs n more constrained cells and gates; keys are rebuilt per verification anyway, so the per-j layout is
/// the simpler sound choice.
/// </para>
/// </summary>
public sealed class BoundaryOpeningCircuit : ICircuit
{
    public const string InstanceName = "opening";
    /// <summary>The largest boundary this circuit is built for (about 2^24 rows at one Poseidon lane).</summary>
    public const int MaxCount = 1 << 20;

    private readonly Fr[]? _values;
    private readonly Fr _salt;
    private readonly BoundaryCommitmentChip _commitment;

    /// <param name="values">The n values as field elements (a signed x as x mod r); null for the shape only (keygen).</param>
    public BoundaryOpeningCircuit(int count, int index, IReadOnlyList<Fr>? values = null, Fr salt = default)
    {
        if (count < 1 || count > MaxCount) throw new ArgumentOutOfRangeException(nameof(count), $"a boundary opening needs 1 to {MaxCount} values; got {count}");
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is not in 0..{count - 1}");
        if (values is not null && values.Count != count) throw new ArgumentException($"{values.Count} values were given for a boundary of {count}", nameof(values));
        Count = count;
        Index = index;
        _values = values?.ToArray();
        _salt = salt;
        var cs = new ConstraintSystem();
        ValueColumn = cs.AdviceColumn("values");
        cs.EnableEquality(ValueColumn);
        Instance = cs.InstanceColumn(InstanceName);
        cs.EnableEquality(Instance);
        _commitment = new BoundaryCommitmentChip(new LeanImtChip(new PoseidonChip(cs, PoseidonChip.DefaultLanes)));
        ConstraintSystem = cs;
    }

    public ConstraintSystem ConstraintSystem { get; }
    public int Count { get; }
    public int Index { get; }
    public Column ValueColumn { get; }
    public Column Instance { get; }

    /// <summary>Rows of the one region: the commitment's (14n + 1 at one lane); the n value cells sit beside them in their own column.</summary>
    public int Rows => _commitment.Rows(Count);

    /// <summary>The smallest k whose 2^k rows hold an opening of <paramref name="count"/> values (computed without laying the circuit out).</summary>
    public static int MinimumK(int count)
    {
        var shape = new BoundaryOpeningCircuit(count, 0);
        // Rows plus the two public inputs, as CircuitBuilder.RowsUsed counts them.
        return shape.ConstraintSystem.MinimumK(Math.Max(shape.Rows, 2));
    }

    public void Synthesize(CircuitBuilder b)
    {
        var region = b.Region("opening", Rows);
        var cells = new AssignedCell[Count];
        for (int i = 0; i < Count; i++) cells[i] = region.Assign(ValueColumn, i, _values?[i] ?? Fr.Zero);
        var (commitment, _) = _commitment.Commit(region, 0, cells, _salt);
        b.ConstrainEqual(commitment.Cell, b.AddPublicInput(Instance, commitment.Value).Cell);
        b.ConstrainEqual(cells[Index].Cell, b.AddPublicInput(Instance, cells[Index].Value).Cell);
    }

    /// <summary>The public inputs: one instance column, [commitment, v_j].</summary>
    public Fr[][] PublicInputs()
    {
        var b = new CircuitBuilder(ConstraintSystem);
        Synthesize(b);
        return b.PublicInputs;
    }
}
