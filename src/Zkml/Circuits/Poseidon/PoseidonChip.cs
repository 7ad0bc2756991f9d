using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>
/// The t = 3 Poseidon permutation of src/Merkle (circomlib's constants) in blocks of <see cref="BlockRows"/> = 14
/// rows (plus an output row shared with the next block), each computing <see cref="Lanes"/> permutations side by side (15 advice columns per lane). A block's
/// permutations share their capacity element, a circuit constant (0 for circomlib's Poseidon(left, right));
/// the two rate elements are inputs. Output: state[0] after the last round, in the block's last row.
/// </summary>
/// <remarks>
/// Rows are cut by <see cref="PoseidonSchedule"/>: two full rounds or six partial rounds per row, one selector and
/// gate per row kind (the last row hands on only state[0], into the output row). For S-box slot j of a row, x_j = L_j(a, b, c, s_0..s_{j−1}) + f_j with L_j a fixed linear
/// form (from the MDS matrix) and f_j a fixed column (from the round constants); the gate checks
///   y_j = x_j²,   s_j = y_j²·x_j,   and the next row's a, b, c = N(a, b, c, s_0..s_5) (fixed linear forms;
///   only a after the last row).
/// Every advice cell of a lane is thus a function of the two copied inputs (b, c of the first row; the first row's
/// a is not read, the capacity is folded into f_0): y and s are fixed by their slot's equations, each later row's
/// state by the previous row's; so the output cell holds exactly the permutation of [capacity, left, right].
/// Gates have degree 4 (selector · y² · x), so the circuit keeps a 4n extended domain; a degree-6 S-box without
/// the y cells would halve the columns but double the extended domain of the whole circuit.
/// </remarks>
public sealed class PoseidonChip
{
    /// <summary>Lanes when configured through a <see cref="ChipSet"/>.</summary>
    public const int DefaultLanes = 1;

    private readonly PoseidonSchedule _schedule = PoseidonSchedule.Default;
    private readonly Column[] _slotConstants;
    private readonly Dictionary<PoseidonRowKind, Selector> _selectors = new();

    public PoseidonChip(ChipSet chips) : this(chips.ConstraintSystem, DefaultLanes) { }

    public PoseidonChip(ConstraintSystem cs, int lanes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        const int slots = PoseidonSchedule.Slots;
        Lanes = Enumerable.Range(0, lanes).Select(l => new PoseidonLane(
            new[] { "a", "b", "c" }.Select(n => cs.AdviceColumn($"poseidon{l}.{n}")).ToArray(),
            Enumerable.Range(0, slots).Select(j => cs.AdviceColumn($"poseidon{l}.x²{j}")).ToArray(),
            Enumerable.Range(0, slots).Select(j => cs.AdviceColumn($"poseidon{l}.x⁵{j}")).ToArray())).ToArray();
        foreach (var lane in Lanes) foreach (var c in lane.State) cs.EnableEquality(c);
        _slotConstants = Enumerable.Range(0, slots).Select(j => cs.FixedColumn($"poseidon.rc{j}")).ToArray();

        foreach (var (kind, forms) in _schedule.Structure)
        {
            string name = GateName(kind);
            var q = cs.Selector($"{name}.q");
            _selectors.Add(kind, q);
            var constraints = new List<Constraint>();
            for (int l = 0; l < Lanes.Count; l++)
            {
                var lane = Lanes[l];
                for (int j = 0; j < forms.SboxInputs.Length; j++)
                {
                    var x = Linear(lane, forms.SboxInputs[j]) + _slotConstants[j].Cur;
                    Expression y = lane.Squares[j].Cur, s = lane.Sboxes[j].Cur;
                    constraints.Add(new Constraint($"{name}: lane {l} slot {j} x²", q * (y - x * x)));
                    constraints.Add(new Constraint($"{name}: lane {l} slot {j} x⁵", q * (s - y * y * x)));
                }
                for (int k = 0; k < PoseidonSchedule.HandedOn(kind); k++)
                    constraints.Add(new Constraint($"{name}: lane {l} next state {k}", q * (lane.State[k].Next - Linear(lane, forms.Next[k]))));
            }
            cs.CreateGate(name, constraints.ToArray());
        }
    }

    public IReadOnlyList<PoseidonLane> Lanes { get; }
    /// <summary>
    /// Rows from one block of <see cref="Lanes"/> permutations to the next (14): a block writes its outputs one row
    /// past its last gate row, into the a cells of the next block's first row, which that row does not read.
    /// </summary>
    public int BlockRows => _schedule.BlockRows;
    public int AdviceColumns => Lanes.Count * (PoseidonSchedule.Width + 2 * PoseidonSchedule.Slots);
    /// <summary>The round-constant columns and one selector per row kind.</summary>
    public int FixedColumns => _slotConstants.Length + _selectors.Count;

    public static string GateName(PoseidonRowKind kind) => kind switch
    {
        PoseidonRowKind.Start => "poseidon.start",
        PoseidonRowKind.Full => "poseidon.full",
        PoseidonRowKind.Partial => "poseidon.partial",
        PoseidonRowKind.PartialTail => "poseidon.partial-tail",
        _ => "poseidon.last",
    };

    /// <summary>Blocks for <paramref name="permutations"/> permutations.</summary>
    public int Blocks(int permutations) => (permutations + Lanes.Count - 1) / Lanes.Count;

    /// <summary>Rows of <paramref name="blocks"/> consecutive blocks, the last one's output row included.</summary>
    public int RowsForBlocks(int blocks) => blocks == 0 ? 0 : blocks * BlockRows + 1;

    /// <summary>Rows for <paramref name="permutations"/> permutations laid out as consecutive blocks.</summary>
    public int Rows(int permutations) => RowsForBlocks(Blocks(permutations));

    /// <summary>The cell of the block at <paramref name="offset"/> where a lane takes its left (side 0) or right (side 1) input.</summary>
    public Cell InputCell(Region region, int offset, int lane, int side) => Lanes[lane].State[1 + side].At(region.Start + offset);

    /// <summary>Poseidon(left, right) (circomlib, capacity 0) in one block at <paramref name="offset"/>.</summary>
    public AssignedCell Hash(Region region, int offset, PoseidonInput left, PoseidonInput right) =>
        Permute(region, offset, Fr.Zero, [(left, right)])[0];

    /// <summary>
    /// Up to <see cref="Lanes"/> permutations of [capacity, left, right] in one block at <paramref name="offset"/>
    /// (rows offset .. offset + <see cref="BlockRows"/>, the last shared with a next block); returns each one's
    /// state[0] cell. Unused lanes permute [capacity, 0, 0] (their cells are never read).
    /// </summary>
    public AssignedCell[] Permute(Region region, int offset, Fr capacity, IReadOnlyList<(PoseidonInput Left, PoseidonInput Right)> inputs)
    {
        if (inputs.Count is 0 || inputs.Count > Lanes.Count)
            throw new ArgumentException($"A Poseidon block holds 1 to {Lanes.Count} permutations, got {inputs.Count}.", nameof(inputs));
        var constants = _schedule.SlotConstants(capacity);
        var rows = _schedule.Rows;
        for (int i = 0; i < rows.Count; i++)
        {
            region.Enable(_selectors[rows[i].Kind], offset + i);
            for (int j = 0; j < constants[i].Length; j++) region.Assign(_slotConstants[j], offset + i, constants[i][j]);
        }
        var outputs = new AssignedCell[inputs.Count];
        for (int l = 0; l < Lanes.Count; l++)
        {
            var lane = Lanes[l];
            var (left, right) = l < inputs.Count ? inputs[l] : (PoseidonInput.Private(Fr.Zero), PoseidonInput.Private(Fr.Zero));
            AssignInput(region, lane.State[1], offset, left);
            AssignInput(region, lane.State[2], offset, right);
            var values = new Fr[PoseidonSchedule.Variables];
            (values[1], values[2]) = (left.Value, right.Value);
            AssignedCell output = default;
            for (int i = 0; i < rows.Count; i++)
            {
                var forms = _schedule.Structure[rows[i].Kind];
                for (int j = 0; j < forms.SboxInputs.Length; j++)
                {
                    Fr x = forms.SboxInputs[j].Linear(values) + constants[i][j], y = x.Square(), s = y.Square() * x;
                    region.Assign(lane.Squares[j], offset + i, y);
                    region.Assign(lane.Sboxes[j], offset + i, s);
                    values[PoseidonSchedule.Width + j] = s;
                }
                var next = forms.Next.Select(f => f.Linear(values)).ToArray();
                Array.Clear(values);
                for (int k = 0; k < PoseidonSchedule.HandedOn(rows[i].Kind); k++)
                {
                    var cell = region.Assign(lane.State[k], offset + i + 1, next[k]);
                    if (k == 0) output = cell;
                    values[k] = next[k];
                }
            }
            if (l < inputs.Count) outputs[l] = output;
        }
        return outputs;
    }

    private static void AssignInput(Region region, Column column, int offset, PoseidonInput input)
    {
        if (input.Cell is { } cell) region.Copy(cell, column, offset);
        else region.Assign(column, offset, input.Value);
    }

    private static Expression Linear(PoseidonLane lane, AffineForm form)
    {
        Expression? sum = null;
        for (int i = 0; i < form.Coefficients.Length; i++)
        {
            Fr c = form.Coefficients[i];
            if (c.IsZero) continue;
            Expression v = i < PoseidonSchedule.Width ? lane.State[i].Cur : lane.Sboxes[i - PoseidonSchedule.Width].Cur;
            Expression term = c.IsOne ? v : Expression.Constant(c) * v;
            sum = sum is null ? term : sum + term;
        }
        return sum ?? Expression.Constant(Fr.Zero);
    }
}
