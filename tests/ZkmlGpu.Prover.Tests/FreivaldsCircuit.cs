using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Prover.Tests;

/// <summary>
/// Claims C = A·B for m×m matrices by Freivalds' check with a challenge ρ: the entries (phase 0) are committed
/// before ρ is drawn, then phase-1 advice computes v = B·r and u = C·r by Horner (r = (ρ^{m−1}, …, ρ, 1)) and
/// w = A·v by running dot products, and copies w_i = u_i. If C ≠ A·B, (A·B − C)·r = 0 only for the few ρ that are
/// roots of a nonzero row polynomial, so a proof fails but with probability m/|F|.
/// </summary>
public sealed class FreivaldsCircuit : ICircuit
{
    private readonly Fr[,] _a, _b, _c;
    private readonly Column _x, _y, _acc;
    private readonly Selector _hornerFirst, _horner, _dotFirst, _dot;
    private readonly Challenge _rho;

    /// <param name="c">The claimed product; A·B when null.</param>
    public FreivaldsCircuit(long[,] a, long[,] b, long[,]? c = null)
    {
        int m = a.GetLength(0);
        _a = ToField(a); _b = ToField(b);
        _c = c is null ? Multiply(_a, _b) : ToField(c);
        var cs = new ConstraintSystem();
        _x = cs.AdviceColumn("x");                // matrix entries, phase 0
        _y = cs.AdviceColumn("y", phase: 1);      // entries of v, copied in
        _acc = cs.AdviceColumn("acc", phase: 1);  // running Horner sums and dot products
        cs.EnableEquality(_y);
        cs.EnableEquality(_acc);
        _hornerFirst = cs.Selector("horner_first");
        _horner = cs.Selector("horner");
        _dotFirst = cs.Selector("dot_first");
        _dot = cs.Selector("dot");
        _rho = cs.Challenge("rho", afterPhase: 0);
        cs.CreateGate("horner", _hornerFirst * (_acc.Cur - _x.Cur), _horner * (_acc.Cur - _acc.Prev * _rho - _x.Cur));
        cs.CreateGate("dot", _dotFirst * (_acc.Cur - _x.Cur * _y.Cur), _dot * (_acc.Cur - _acc.Prev - _x.Cur * _y.Cur));
        ConstraintSystem = cs;
        Size = m;
    }

    public ConstraintSystem ConstraintSystem { get; }
    public int Size { get; }
    /// <summary>The challenge value the last phase-1 synthesis saw.</summary>
    public Fr? SeenChallenge { get; private set; }

    public void Synthesize(CircuitBuilder builder)
    {
        Fr rho = builder.ChallengeValue(_rho);
        if (!builder.IsShapeOnly && builder.Phase >= 1) SeenChallenge = rho;
        int m = Size;
        var v = new AssignedCell[m];
        var u = new AssignedCell[m];
        for (int k = 0; k < m; k++) v[k] = Horner(builder, $"B·r[{k}]", _b, k, rho);
        for (int i = 0; i < m; i++) u[i] = Horner(builder, $"C·r[{i}]", _c, i, rho);
        for (int i = 0; i < m; i++)
        {
            var r = builder.Region($"A·v[{i}]", m);
            Fr acc = Fr.Zero;
            AssignedCell last = default;
            for (int k = 0; k < m; k++)
            {
                r.Assign(_x, k, _a[i, k]);
                r.Copy(v[k], _y, k);
                acc += _a[i, k] * v[k].Value;
                last = r.Assign(_acc, k, acc);
                r.Enable(k == 0 ? _dotFirst : _dot, k);
            }
            builder.ConstrainEqual(last.Cell, u[i].Cell);
        }
    }

    /// <summary>Σ_j M[row, j]·ρ^{m−1−j} in a region of m rows; returns the cell holding it.</summary>
    private AssignedCell Horner(CircuitBuilder builder, string name, Fr[,] matrix, int row, Fr rho)
    {
        var r = builder.Region(name, Size);
        Fr acc = Fr.Zero;
        AssignedCell last = default;
        for (int j = 0; j < Size; j++)
        {
            r.Assign(_x, j, matrix[row, j]);
            acc = acc * rho + matrix[row, j];
            last = r.Assign(_acc, j, acc);
            r.Enable(j == 0 ? _hornerFirst : _horner, j);
        }
        return last;
    }

    private static Fr[,] ToField(long[,] m)
    {
        var result = new Fr[m.GetLength(0), m.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++) for (int j = 0; j < m.GetLength(1); j++) result[i, j] = Fr.FromInt64(m[i, j]);
        return result;
    }

    private static Fr[,] Multiply(Fr[,] a, Fr[,] b)
    {
        int m = a.GetLength(0);
        var c = new Fr[m, m];
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) for (int k = 0; k < m; k++) c[i, j] += a[i, k] * b[k, j];
        return c;
    }
}
