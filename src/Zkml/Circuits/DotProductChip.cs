using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// Dot products with constant weights, four multiply-accumulates per row (¼ row per MAC): activations in c0..c3,
/// weights in fixed f0..f3, so they are part of the verifying key. Gates:
/// "dot.first": q·(acc − f4 − Σ c_i·f_i) = 0 (f4 the bias) and "dot.next": q·(acc − acc[−1] − Σ c_i·f_i) = 0.
/// </summary>
/// Lays out Gemm (not transA) and MatMul by a constant 2-D matrix: one dot product per output element.
public sealed class DotProductChip : ILayerChip
{
    public const int Width = 4;
    private readonly LayerColumns _cols;
    private readonly Selector _first, _next;

    public DotProductChip(ChipSet chips)
    {
        var (cs, cols) = (chips.ConstraintSystem, chips.Columns);
        _cols = cols;
        _first = cs.Selector("dot.first.q");
        _next = cs.Selector("dot.next.q");
        Expression Products()
        {
            Expression s = cols.C[0].Cur * cols.F[0].Cur;
            for (int i = 1; i < Width; i++) s += cols.C[i].Cur * cols.F[i].Cur;
            return s;
        }
        cs.CreateGate("dot.first", new Constraint("dot.first: acc = bias + Σ x·w", _first * (cols.Acc.Cur - cols.F[4].Cur - Products())));
        cs.CreateGate("dot.next", new Constraint("dot.next: acc = acc[−1] + Σ x·w", _next * (cols.Acc.Cur - cols.Acc.Prev - Products())));
    }

    public IReadOnlyCollection<OpKind> Ops { get; } = [OpKind.Gemm, OpKind.MatMul];

    public string? Unsupported(ModelGraph g, Node node) => node.Op switch
    {
        OpKind.Gemm => ((GemmAttributes)node.Attributes).TransA ? "Gemm with transA has no circuit yet"
            : !g.FixedConstants.ContainsKey(node.Inputs[1]) ? "Gemm needs constant weights (B)"
            : g.IsConstant(node.Inputs[0]) ? "Gemm needs an activation as A"
            : node.Inputs.Count > 2 && !g.FixedConstants.ContainsKey(node.Inputs[2]) ? "Gemm needs a constant bias (C)" : null,
        _ => !g.FixedConstants.ContainsKey(node.Inputs[1]) || g[node.Inputs[1]].Shape.Rank != 2 || g.IsConstant(node.Inputs[0])
            ? "MatMul needs an activation times a constant 2-D matrix" : null,
    };

    public int Rows(ModelGraph g, Node node)
    {
        var (m, k, n, _) = MatrixLayout(g, node);
        return m * n * RowsFor(k);
    }

    public LayerValue Layout(LayerContext context, Node node, Region? region)
    {
        var g = context.Graph;
        var (m, k, n, weight) = MatrixLayout(g, node);
        var x = context.Input(node, 0);
        var ys = g[node.Outputs[0]].Shape;
        long[]? bias = null;
        int[]? biasIndex = null;
        if (node.Op == OpKind.Gemm && node.Inputs.Count > 2)
        {
            bias = g.FixedConstants[node.Inputs[2]].Data;
            biasIndex = Broadcasting.SourceIndex(g[node.Inputs[2]].Shape, ys);
        }
        int rows = RowsFor(k);
        var yc = new AssignedCell[m * n];
        var yv = new long[m * n];
        var w = new Fr[k];
        var operands = new AssignedCell[k];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                int o = i * n + j;
                long acc = bias?[biasIndex![o]] ?? 0;
                for (int t = 0; t < k; t++)
                {
                    long wt = weight(t, j);
                    w[t] = Fr.FromInt64(wt);
                    operands[t] = x.Cells[i * k + t];
                    acc = checked(acc + x.Values[i * k + t] * wt);
                }
                yc[o] = Dot(region!, o * rows, operands, w, Fr.FromInt64(bias?[biasIndex![o]] ?? 0));
                yv[o] = acc;
            }
        return new LayerValue(yc, yv);
    }

    /// <summary>(rows of A, shared dimension, columns of B, B's element at (t, j)).</summary>
    private static (int M, int K, int N, Func<int, int, long> Weight) MatrixLayout(ModelGraph g, Node node)
    {
        var sa = g[node.Inputs[0]].Shape;
        var sb = g[node.Inputs[1]].Shape;
        long[] wd = g.FixedConstants[node.Inputs[1]].Data;
        if (node.Op == OpKind.Gemm)
        {
            bool tb = ((GemmAttributes)node.Attributes).TransB;
            int kk = sa[1], nn = tb ? sb[0] : sb[1];
            return (sa[0], kk, nn, tb ? (t, j) => wd[j * kk + t] : (t, j) => wd[t * nn + j]);
        }
        int k = sa[sa.Rank - 1], n = sb[1];
        return (sa.Size / k, k, n, (t, j) => wd[t * n + j]);
    }

    /// <summary>Rows one dot product of length k takes.</summary>
    public static int RowsFor(int k) => Math.Max(1, (k + Width - 1) / Width);

    /// <summary>Σ x_i·w_i + bias from <paramref name="offset"/> on; returns the cell with the sum.</summary>
    public AssignedCell Dot(Region region, int offset, IReadOnlyList<AssignedCell> x, IReadOnlyList<Fr> w, Fr bias)
    {
        int rows = RowsFor(x.Count);
        Fr acc = bias;
        AssignedCell last = default;
        for (int r = 0; r < rows; r++)
        {
            region.Enable(r == 0 ? _first : _next, offset + r);
            if (r == 0) region.Assign(_cols.F[4], offset, bias);
            for (int i = 0; i < Width; i++)
            {
                int j = r * Width + i;
                if (j < x.Count)
                {
                    region.Copy(x[j], _cols.C[i], offset + r);
                    region.Assign(_cols.F[i], offset + r, w[j]);
                    acc += x[j].Value * w[j];
                }
                else
                {
                    // Padding: weight 0 makes the (unconstrained) activation cell irrelevant.
                    region.Assign(_cols.C[i], offset + r, Fr.Zero);
                    region.Assign(_cols.F[i], offset + r, Fr.Zero);
                }
            }
            last = region.Assign(_cols.Acc, offset + r, acc);
        }
        return last;
    }
}
