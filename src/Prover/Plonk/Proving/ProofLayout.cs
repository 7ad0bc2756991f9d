namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// Everything about a proof's shape that follows from the constraint system and k: which (column, rotation)
/// pairs are opened, how columns are chunked for the permutation, the order of evaluations in the proof
/// (<see cref="Openings"/>, the one list the prover, verifier, decoder and evaluation count read; each argument
/// contributes its own entries) and the rotations the multi-opening groups by.
/// </summary>
public sealed class ProofLayout
{
    public ProofLayout(ConstraintSystem cs, int k)
    {
        K = k;
        N = 1 << k;
        BlindingFactors = cs.BlindingFactors;
        UsableRows = N - BlindingFactors - 1;
        if (UsableRows < 1) throw new ArgumentException($"k = {k} leaves no usable rows after {BlindingFactors} blinding rows.");
        LastRow = UsableRows;
        Degree = cs.Degree;
        QuotientPieces = Degree - 1;
        var queries = cs.Queries();
        foreach (var (_, rot) in queries)
            if (Math.Abs(rot) >= N) throw new ArgumentException($"Rotation {rot} does not fit a circuit of {N} rows.");
        AdviceQueries = queries.Where(q => q.Column.Kind == ColumnKind.Advice).ToArray();
        FixedQueries = queries.Where(q => q.Column.Kind == ColumnKind.Fixed).ToArray();
        InstanceQueries = queries.Where(q => q.Column.Kind == ColumnKind.Instance).ToArray();
        AdviceCount = cs.AdviceCount;
        FixedCount = cs.FixedCount;
        InstanceCount = cs.InstanceCount;
        PermutationColumns = cs.EqualityColumns.ToArray();
        ChunkSize = cs.PermutationChunkSize;
        PermutationChunks = (PermutationColumns.Count + ChunkSize - 1) / ChunkSize;
        LinkedChunks = PermutationChunks > 1 && PermutationChunks + 1 > Degree;
        LookupCount = cs.Lookups.Count;
        AdvicePhases = Enumerable.Range(0, cs.PhaseCount)
            .Select(p => (IReadOnlyList<int>)Enumerable.Range(0, cs.AdviceCount).Where(c => cs.AdvicePhases[c] == p).ToArray()).ToArray();
        ChallengesAfterPhase = Enumerable.Range(0, cs.PhaseCount)
            .Select(p => (IReadOnlyList<int>)cs.Challenges.Where(c => c.Phase == p).Select(c => c.Index).ToArray()).ToArray();
        ChallengeCount = cs.ChallengeCount;

        var openings = new List<Opening>();
        openings.AddRange(AdviceQueries.Select(q => new Opening(PolynomialKind.Advice, q.Column.Index, q.Rotation)));
        openings.AddRange(FixedQueries.Select(q => new Opening(PolynomialKind.Fixed, q.Column.Index, q.Rotation)));
        openings.AddRange(PermutationArgument.Openings(this));
        openings.AddRange(LookupArgument.Openings(this));
        Openings = openings;
        for (int i = 0; i < openings.Count; i++)
            if (!_openingIndex.TryAdd(openings[i], i)) throw new InvalidOperationException($"{openings[i]} is opened twice.");

        // The quotient is opened at x, so rotation 0 is always there.
        Rotations = new SortedSet<int>(openings.Select(o => o.Rotation)) { 0 }.ToArray();
    }

    private readonly Dictionary<Opening, int> _openingIndex = new();

    public int K { get; }
    public int N { get; }
    public int BlindingFactors { get; }
    /// <summary>Rows 0 … UsableRows − 1 hold the circuit; row UsableRows is the "last" row; the rest are random.</summary>
    public int UsableRows { get; }
    public int LastRow { get; }
    public int Degree { get; }
    public int QuotientPieces { get; }
    public IReadOnlyList<(Column Column, int Rotation)> AdviceQueries { get; }
    public IReadOnlyList<(Column Column, int Rotation)> FixedQueries { get; }
    public IReadOnlyList<(Column Column, int Rotation)> InstanceQueries { get; }
    public int AdviceCount { get; }
    public int FixedCount { get; }
    public int InstanceCount { get; }
    public IReadOnlyList<Column> PermutationColumns { get; }
    public int ChunkSize { get; }
    public int PermutationChunks { get; }
    public int LookupCount { get; }
    /// <summary>
    /// The advice columns committed in each phase, in transcript order; after phase p's commitments the transcript
    /// draws <see cref="ChallengesAfterPhase"/>[p]. Then θ and the arguments follow.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>> AdvicePhases { get; }
    public IReadOnlyList<IReadOnlyList<int>> ChallengesAfterPhase { get; }
    public int ChallengeCount { get; }
    /// <summary>Distinct rotations at which some polynomial is opened (one multi-open proof each), ascending.</summary>
    public IReadOnlyList<int> Rotations { get; }

    /// <summary>
    /// How the chunks' products combine. Normally each chunk's product starts at 1 and one constraint
    /// l_last·(Π_c Z_c − 1) (degree chunks + 1) closes them all, so nothing is opened at ω^last·x. When that would exceed
    /// the system degree the chunks are chained instead (Z_c(ω^0) = Z_{c−1}(ω^last), halo2 style), which costs an opening
    /// at ω^last·x.
    /// </summary>
    public bool LinkedChunks { get; }

    public IEnumerable<Column> ChunkColumns(int chunk) => PermutationColumns.Skip(chunk * ChunkSize).Take(ChunkSize);

    /// <summary>
    /// Every evaluation in the proof, in proof order: advice queries, fixed queries, then the permutation's and the
    /// lookups' own entries. The quotient's value at x is implied by the others and never sent.
    /// </summary>
    public IReadOnlyList<Opening> Openings { get; }

    /// <summary>The position of an opening in the proof's evaluations.</summary>
    public int IndexOf(Opening opening) =>
        _openingIndex.TryGetValue(opening, out int i) ? i : throw new KeyNotFoundException($"{opening} is not opened by this layout.");

    public int EvaluationCount => Openings.Count;
    public int CommitmentCount => AdviceCount + 2 * LookupCount + PermutationChunks + QuotientPieces;
}
