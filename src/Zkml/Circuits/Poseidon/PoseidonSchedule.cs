using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Poseidon;
using MerklePoseidon = ZkmlGpu.Merkle.Poseidon;

namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>
/// How one t = 3 Poseidon permutation (src/Merkle's constants, plain form: every round adds three round constants,
/// then x^5 on all elements (full) or on element 0 (partial), then the MDS matrix) is cut into rows of
/// <see cref="Slots"/> S-boxes: [Start: full rounds 0, 1] [Full: 2, 3] [Partial: 6 rounds] × 9 [PartialTail: 3]
/// [Full] [Last] [output row] — 14 gate rows for circomlib's 8 full and 57 partial rounds, and an output row that
/// only uses cell a, which the Start row never reads: so the output row of one block is the first row of the next.
/// </summary>
/// <remarks>
/// The variables of a row are its state cells a, b, c (indices 0..2) and its S-box outputs s_0..s_5 (3..8). Running
/// a row's rounds on affine forms gives each S-box input x_j and the next row's state as affine forms whose
/// coefficients depend only on the MDS matrix and the row's shape (so one gate serves every row of a kind) and whose
/// constants depend on the round constants (so they go in fixed columns, row by row). The next row stores only the
/// linear part of the state; its constant part is carried into that row's S-box constants. Full rounds end with the
/// MDS applied to S-box outputs, so nothing is carried out of them, and the output row holds the true state.
/// </remarks>
internal sealed class PoseidonSchedule
{
    public const int Width = 3;
    public const int Slots = 6;
    public const int Variables = Width + Slots;

    private readonly Dictionary<Fr, Fr[][]> _constantsByCapacity = new();

    public PoseidonSchedule(PoseidonParameters parameters)
    {
        if (parameters.Width != Width) throw new ArgumentException($"The Poseidon chip is for t = {Width}.");
        Parameters = parameters;
        int half = parameters.FullRounds / 2, partial = parameters.PartialRounds;
        if (half % 2 != 0 || half < 2) throw new ArgumentException("The Poseidon chip lays out full rounds in pairs.");
        var rows = new List<PoseidonRow>();
        for (int r = 0; r < half; r += 2) rows.Add(new PoseidonRow(r == 0 ? PoseidonRowKind.Start : PoseidonRowKind.Full, [r, r + 1]));
        for (int r = half; r < half + partial; r += Slots)
        {
            int count = Math.Min(Slots, half + partial - r);
            rows.Add(new PoseidonRow(count == Slots ? PoseidonRowKind.Partial : PoseidonRowKind.PartialTail, Enumerable.Range(r, count).ToArray()));
        }
        int rounds = parameters.FullRounds + partial;
        for (int r = half + partial; r < rounds; r += 2) rows.Add(new PoseidonRow(r + 2 == rounds ? PoseidonRowKind.Last : PoseidonRowKind.Full, [r, r + 1]));
        Rows = rows;

        // One coefficient structure per kind; every row of the kind must share it (checked, since the gate assumes it).
        var structure = new Dictionary<PoseidonRowKind, PoseidonRowForms>();
        foreach (var row in rows)
        {
            var forms = Execute(row, [Fr.Zero, Fr.Zero, Fr.Zero]);
            if (structure.TryGetValue(row.Kind, out var first))
            {
                if (!SameCoefficients(first, forms)) throw new InvalidOperationException($"Poseidon rows of kind {row.Kind} differ in shape.");
            }
            else structure.Add(row.Kind, forms);
        }
        Structure = structure;
    }

    public PoseidonParameters Parameters { get; }
    /// <summary>The gate rows of a block; the output row follows them.</summary>
    public IReadOnlyList<PoseidonRow> Rows { get; }
    /// <summary>Rows from one block to the next: the gate rows (the output row overlaps the next block's first row).</summary>
    public int BlockRows => Rows.Count;

    /// <summary>State elements a row of this kind hands to the next row: all three, or only the output for the last.</summary>
    public static int HandedOn(PoseidonRowKind kind) => kind == PoseidonRowKind.Last ? 1 : Width;
    public IReadOnlyDictionary<PoseidonRowKind, PoseidonRowForms> Structure { get; }

    /// <summary>Runs a row's rounds on affine forms, starting from the stored state plus <paramref name="carry"/>.</summary>
    public PoseidonRowForms Execute(PoseidonRow row, Fr[] carry)
    {
        var state = new AffineForm[Width];
        for (int k = 0; k < Width; k++)
            state[k] = row.Kind == PoseidonRowKind.Start && k == 0
                ? AffineForm.ConstantOnly(Variables, carry[0])   // the capacity is a constant, not a cell
                : AffineForm.Variable(Variables, k).Plus(carry[k]);
        var inputs = new List<AffineForm>();
        var rc = Parameters.RoundConstants;
        var mds = Parameters.Mds;
        bool Full(int r) => r < Parameters.FullRounds / 2 || r >= Parameters.FullRounds / 2 + Parameters.PartialRounds;
        foreach (int r in row.Rounds)
        {
            for (int k = 0; k < Width; k++) state[k] = state[k].Plus(rc[r * Width + k]);
            for (int k = 0; k < (Full(r) ? Width : 1); k++)
            {
                inputs.Add(state[k]);
                state[k] = AffineForm.Variable(Variables, Width + inputs.Count - 1);
            }
            var mixed = new AffineForm[Width];
            for (int i = 0; i < Width; i++) mixed[i] = AffineForm.Combine(mds.AsSpan(i * Width, Width), state);
            state = mixed;
        }
        return new PoseidonRowForms(inputs.ToArray(), state);
    }

    /// <summary>
    /// The S-box input constants of every row of a block whose capacity element is <paramref name="capacity"/>
    /// (what the rows' fixed columns hold).
    /// </summary>
    public Fr[][] SlotConstants(Fr capacity)
    {
        lock (_constantsByCapacity)
        {
            if (_constantsByCapacity.TryGetValue(capacity, out var cached)) return cached;
            var result = new Fr[Rows.Count][];
            Fr[] carry = [capacity, Fr.Zero, Fr.Zero];
            for (int i = 0; i < Rows.Count; i++)
            {
                var forms = Execute(Rows[i], carry);
                result[i] = forms.SboxInputs.Select(f => f.Constant).ToArray();
                carry = forms.Next.Select(f => f.Constant).ToArray();
            }
            if (carry.Any(c => !c.IsZero)) throw new InvalidOperationException("The last Poseidon row must end on a full round.");
            _constantsByCapacity[capacity] = result;
            return result;
        }
    }

    private static bool SameCoefficients(PoseidonRowForms a, PoseidonRowForms b) =>
        a.SboxInputs.Length == b.SboxInputs.Length
        && a.SboxInputs.Zip(b.SboxInputs).All(p => p.First.Coefficients.AsSpan().SequenceEqual(p.Second.Coefficients))
        && a.Next.Zip(b.Next).All(p => p.First.Coefficients.AsSpan().SequenceEqual(p.Second.Coefficients));

    /// <summary>The default schedule, on src/Merkle's t = 3 parameters.</summary>
    public static PoseidonSchedule Default { get; } = new(MerklePoseidon.Parameters(3));
}
