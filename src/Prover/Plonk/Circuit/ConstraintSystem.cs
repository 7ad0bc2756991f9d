using ZkmlGpu.Field;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// The shape of a PLONKish circuit: columns, custom gates, equality-enabled columns, lookups and challenges.
/// Advice columns belong to a phase: the prover commits phase 0, draws the challenges declared after phase 0,
/// then synthesizes and commits phase 1 (whose witness may read those challenges), and so on.
/// Every gate polynomial is multiplied by the "active rows" indicator, so gates never see the random blinding rows.
/// The whole system has degree <see cref="Degree"/>; the prover's extended domain is the next power of two ≥ Degree − 1
/// times the circuit size, so keep gates at degree ≤ 4 (and lookup input + table degree ≤ 3) for a 4n domain.
/// </summary>
public sealed class ConstraintSystem
{
    /// <summary>Gates above this degree would need an extended domain larger than 8n.</summary>
    public const int MaxDegree = 9;

    /// <summary>Advice phases 0 … MaxPhase are supported.</summary>
    public const int MaxPhase = 3;

    private readonly List<string> _adviceNames = new(), _fixedNames = new(), _instanceNames = new();
    private readonly List<int> _advicePhases = new();
    private readonly List<(string Name, int Phase)> _challenges = new();
    private readonly List<Gate> _gates = new();
    private readonly List<Lookup> _lookups = new();
    private readonly List<Column> _equality = new();
    private readonly HashSet<int> _selectorColumns = new();
    private readonly HashSet<int> _tableColumns = new();

    public int AdviceCount => _adviceNames.Count;
    public int FixedCount => _fixedNames.Count;
    public int InstanceCount => _instanceNames.Count;
    public IReadOnlyList<Gate> Gates => _gates;
    public IReadOnlyList<Lookup> Lookups => _lookups;
    /// <summary>Columns taking part in copy constraints, in the order the permutation argument uses.</summary>
    public IReadOnlyList<Column> EqualityColumns => _equality;

    /// <summary>A witness column committed in <paramref name="phase"/>; its values may depend on challenges of earlier phases.</summary>
    public Column AdviceColumn(string? name = null, int phase = 0)
    {
        CheckPhase(phase);
        _adviceNames.Add(name ?? $"advice{_adviceNames.Count}");
        _advicePhases.Add(phase);
        return new(ColumnKind.Advice, _adviceNames.Count - 1);
    }

    /// <summary>A challenge drawn after every advice column of <paramref name="afterPhase"/> (and earlier) is committed.</summary>
    public Challenge Challenge(string? name = null, int afterPhase = 0)
    {
        CheckPhase(afterPhase);
        _challenges.Add((name ?? $"challenge{_challenges.Count}", afterPhase));
        return new Challenge(_challenges.Count - 1, afterPhase);
    }

    public int ChallengeCount => _challenges.Count;
    public IReadOnlyList<Challenge> Challenges => _challenges.Select((c, i) => new Challenge(i, c.Phase)).ToArray();

    /// <summary>The phase of an advice column.</summary>
    public int PhaseOf(Column advice)
    {
        if (advice.Kind != ColumnKind.Advice) throw new ArgumentException($"{advice} is not an advice column.");
        CheckColumn(advice);
        return _advicePhases[advice.Index];
    }

    /// <summary>Phases the prover runs: one past the last advice phase or challenge phase (1 for a circuit without phases).</summary>
    public int PhaseCount => Math.Max(_advicePhases.DefaultIfEmpty(0).Max(), _challenges.Select(c => c.Phase).DefaultIfEmpty(0).Max()) + 1;

    private static void CheckPhase(int phase)
    {
        if (phase is < 0 or > MaxPhase) throw new ArgumentOutOfRangeException(nameof(phase), $"Phase {phase} is not in 0..{MaxPhase}.");
    }
    public Column FixedColumn(string? name = null) { _fixedNames.Add(name ?? $"fixed{_fixedNames.Count}"); return new(ColumnKind.Fixed, _fixedNames.Count - 1); }
    public Column InstanceColumn(string? name = null) { _instanceNames.Add(name ?? $"instance{_instanceNames.Count}"); return new(ColumnKind.Instance, _instanceNames.Count - 1); }

    /// <summary>A selector: a fixed column the builder fills with 1 where it is enabled and 0 elsewhere.</summary>
    public Selector Selector(string? name = null)
    {
        var c = FixedColumn(name ?? $"selector{_selectorColumns.Count}");
        _selectorColumns.Add(c.Index);
        return new Selector(c);
    }

    /// <summary>
    /// A fixed column holding a lookup table. The columns of one lookup's table must be loaded with the same number of
    /// rows; the builder pads them with their first row (a whole table row) up to the usable rows.
    /// </summary>
    public Column TableColumn(string? name = null)
    {
        var c = FixedColumn(name ?? $"table{_tableColumns.Count}");
        _tableColumns.Add(c.Index);
        return c;
    }

    public bool IsTableColumn(Column c) => c.Kind == ColumnKind.Fixed && _tableColumns.Contains(c.Index);
    public bool IsSelector(Column c) => c.Kind == ColumnKind.Fixed && _selectorColumns.Contains(c.Index);

    public string NameOf(Column c)
    {
        CheckColumn(c);
        return c.Kind switch { ColumnKind.Advice => _adviceNames[c.Index], ColumnKind.Fixed => _fixedNames[c.Index], _ => _instanceNames[c.Index] };
    }

    /// <summary>Allows copy constraints on this column (idempotent).</summary>
    public void EnableEquality(Column column)
    {
        CheckColumn(column);
        if (!_equality.Contains(column)) _equality.Add(column);
    }

    public bool HasEquality(Column column) => _equality.Contains(column);

    public void CreateGate(string name, params Expression[] constraints) =>
        CreateGate(name, constraints.Select((e, i) => new Constraint($"{name}#{i}", e)).ToArray());

    public void CreateGate(string name, params Constraint[] constraints)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (constraints.Length == 0) throw new ArgumentException($"Gate '{name}' has no constraints.");
        if (_gates.Any(g => g.Name == name)) throw new ArgumentException($"A gate named '{name}' already exists.");
        foreach (var c in constraints)
        {
            CheckExpression(c.Polynomial, $"gate '{name}'");
            if (c.Polynomial.Degree + 1 > MaxDegree) throw new ArgumentException($"Gate '{name}' constraint '{c.Name}' has degree {c.Polynomial.Degree}; at most {MaxDegree - 1} is supported.");
        }
        _gates.Add(new Gate(name, constraints));
    }

    /// <summary>Adds a lookup of (input expression, table expression) pairs: the input tuple must be a row of the table on every row.</summary>
    public void Lookup(string name, params (Expression Input, Expression Table)[] map) => Lookup(name, Expression.Constant(Fr.One), map);

    /// <summary>A lookup active only where <paramref name="selector"/> is 1; other rows look up nothing.</summary>
    public void Lookup(string name, Selector selector, params (Expression Input, Expression Table)[] map) => Lookup(name, selector.Expr, map);

    /// <summary>A lookup weighted by a fixed expression (0 = idle row, 1 = active row).</summary>
    public void Lookup(string name, Expression selector, params (Expression Input, Expression Table)[] map)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(selector);
        if (map.Length == 0) throw new ArgumentException($"Lookup '{name}' maps no expressions.");
        if (_lookups.Any(l => l.Name == name)) throw new ArgumentException($"A lookup named '{name}' already exists.");
        foreach (var (input, table) in map)
        {
            CheckExpression(input, $"lookup '{name}'");
            CheckFixed(table, name, "table");
        }
        CheckFixed(selector, name, "selector");
        var lookup = new Lookup(name, map.Select(m => m.Input).ToArray(), map.Select(m => m.Table).ToArray(), selector);
        if (LookupDegree(lookup) > MaxDegree) throw new ArgumentException($"Lookup '{name}' has degree {LookupDegree(lookup)}; at most {MaxDegree} is supported.");
        _lookups.Add(lookup);
    }

    // The prover must not choose which rows are looked up or what the table holds.
    private void CheckFixed(Expression e, string lookup, string what)
    {
        CheckExpression(e, $"lookup '{lookup}'");
        foreach (var q in e.Queries())
            if (q.Column.Kind != ColumnKind.Fixed)
                throw new ArgumentException($"Lookup '{lookup}': {what} expressions may only query fixed columns, not {q.Column}.");
    }

    /// <summary>(Z(ωX) − Z(X))·(A + β)·(T + β) − s·(T + β) + m·(A + β), times the active-rows indicator.</summary>
    internal static int LookupDegree(Lookup l) =>
        Math.Max(2 + Math.Max(1, l.InputDegree) + Math.Max(1, l.TableDegree), 1 + l.Selector.Degree + Math.Max(1, l.TableDegree));

    /// <summary>
    /// The degree of the whole system: the largest constraint degree the quotient must absorb, at least 3
    /// (the permutation with one column per chunk has degree 3).
    /// </summary>
    public int Degree
    {
        get
        {
            int d = 3;
            foreach (var g in _gates) foreach (var c in g.Constraints) d = Math.Max(d, c.Polynomial.Degree + 1);
            foreach (var l in _lookups) d = Math.Max(d, LookupDegree(l));
            return d;
        }
    }

    /// <summary>Columns per permutation grand product, so that its constraint (chunk + 2) stays within <see cref="Degree"/>.</summary>
    public int PermutationChunkSize => Degree - 2;

    /// <summary>Every distinct (column, rotation) queried by gates and lookups, in a fixed order.</summary>
    public IReadOnlyList<(Column Column, int Rotation)> Queries()
    {
        var set = new List<(Column, int)>();
        void Add(Expression e) { foreach (var q in e.Queries()) if (!set.Contains((q.Column, q.Rotation))) set.Add((q.Column, q.Rotation)); }
        foreach (var g in _gates) foreach (var c in g.Constraints) Add(c.Polynomial);
        foreach (var l in _lookups) { foreach (var e in l.Inputs) Add(e); foreach (var e in l.Tables) Add(e); Add(l.Selector); }
        // Equality columns are also opened at the current row by the permutation argument.
        foreach (var c in _equality) if (!set.Contains((c, 0))) set.Add((c, 0));
        return set.OrderBy(q => q.Item1.Kind).ThenBy(q => q.Item1.Index).ThenBy(q => q.Item2).ToList();
    }

    /// <summary>
    /// Random rows at the end of each column: enough that every opening of a witness polynomial (at most one per
    /// rotation, plus the quotient relation) reveals nothing, with a floor of 3 as in halo2.
    /// </summary>
    public int BlindingFactors
    {
        get
        {
            int maxQueries = 3; // the permutation product is opened at x, ωx and ω^last·x
            foreach (var group in Queries().Where(q => q.Column.Kind == ColumnKind.Advice).GroupBy(q => q.Column))
                maxQueries = Math.Max(maxQueries, group.Count());
            return maxQueries + 2;
        }
    }

    /// <summary>The smallest k with 2^k ≥ rows + blinding rows + 1 (the last-row indicator).</summary>
    public int MinimumK(int rows)
    {
        int needed = rows + BlindingFactors + 1, k = 3;
        while ((1 << k) < needed) k++;
        return k;
    }

    private void CheckColumn(Column c)
    {
        int count = c.Kind switch { ColumnKind.Advice => AdviceCount, ColumnKind.Fixed => FixedCount, ColumnKind.Instance => InstanceCount, _ => -1 };
        if (c.Index < 0 || c.Index >= count) throw new ArgumentException($"Column {c} does not belong to this constraint system.");
    }

    private void CheckExpression(Expression e, string where)
    {
        foreach (var q in e.Queries())
        {
            CheckColumn(q.Column);
            if (q.Rotation is < -(1 << 16) or > 1 << 16) throw new ArgumentException($"{where}: rotation {q.Rotation} is out of range.");
        }
        foreach (var c in e.Challenges())
            if (c.Index < 0 || c.Index >= _challenges.Count || _challenges[c.Index].Phase != c.Phase)
                throw new ArgumentException($"{where}: {c} does not belong to this constraint system.");
    }

    internal IReadOnlyList<string> AdviceNames => _adviceNames;
    internal IReadOnlyList<string> FixedNames => _fixedNames;
    internal IReadOnlyList<string> InstanceNames => _instanceNames;
    internal IReadOnlyList<int> AdvicePhases => _advicePhases;
    internal string ChallengeName(Challenge c) => _challenges[c.Index].Name;

    internal void RestoreAdvicePhases(IReadOnlyList<int> phases)
    {
        for (int i = 0; i < phases.Count; i++) { CheckPhase(phases[i]); _advicePhases[i] = phases[i]; }
    }
    internal IEnumerable<int> SelectorColumns => _selectorColumns.Order();
    internal IEnumerable<int> TableColumns => _tableColumns.Order();

    internal void RestoreColumnRoles(IEnumerable<int> selectors, IEnumerable<int> tables)
    {
        foreach (var s in selectors) _selectorColumns.Add(s);
        foreach (var t in tables) _tableColumns.Add(t);
    }
}
