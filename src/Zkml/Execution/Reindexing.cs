using ZkmlGpu.Zkml.Quantization;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>
/// The reindexing ops (no arithmetic: each output element is one input element or a constant), written once for
/// any element type so the importer's constant folding and the integer executor share them.
/// </summary>
public static class Reindexing
{
    /// <summary>
    /// The one-tensor reindexing ops by node: Reshape, Flatten, Identity (copies), Transpose, Slice, Expand, and
    /// Gather / GatherElements with their (constant) indices.
    /// </summary>
    public static void Apply<T>(Node node, T[] x, TensorShape xs, long[]? indices, TensorShape ys, T[] y)
    {
        switch (node.Op)
        {
            case OpKind.Reshape: case OpKind.Flatten: case OpKind.Identity: x.CopyTo(y, 0); break;
            case OpKind.Transpose: Transpose<T>(x, xs, ((TransposeAttributes)node.Attributes).Perm, y); break;
            case OpKind.Slice: Slice<T>(x, xs, (SliceAttributes)node.Attributes, ys, y); break;
            case OpKind.Expand: Expand<T>(x, xs, ys, y); break;
            case OpKind.Gather: Gather<T>(x, xs, indices, ((AxisAttributes)node.Attributes).Axis, y); break;
            case OpKind.GatherElements: GatherElements<T>(x, xs, indices, ys, ((AxisAttributes)node.Attributes).Axis, y); break;
            default: throw new InvalidOperationException($"{node.Op} is not a one-tensor reindexing op");
        }
    }

    /// <summary>
    /// Where each output element of a pure reindexing node comes from, by running the executor's own kernels on
    /// element numbers: the flat index into the node's reindexed inputs laid end to end (Concat's parts in order;
    /// for the others input 0 alone), or −1 where the op writes its constant (Pad's value, Trilu's zero). The
    /// circuit takes its output cells from this map, so the circuit and the executor share one definition.
    /// </summary>
    public static int[] SourceIndex(Node node, IReadOnlyList<TensorShape> inputShapes, long[]? indices, TensorShape ys)
    {
        // Element i is numbered i + 1, so the constant the kernels write (0) marks "no source".
        static long[] Numbered(int start, int n) { var a = new long[n]; for (int i = 0; i < n; i++) a[i] = start + i + 1; return a; }
        var y = new long[ys.Size];
        switch (node.Op)
        {
            case OpKind.Concat:
            {
                var parts = new List<long[]>();
                int start = 0;
                foreach (var s in inputShapes) { parts.Add(Numbered(start, s.Size)); start += s.Size; }
                Concat(parts, inputShapes, ((AxisAttributes)node.Attributes).Axis, y);
                break;
            }
            case OpKind.Pad:
                Pad<long>(Numbered(0, inputShapes[0].Size), inputShapes[0], ((PadAttributes)node.Attributes).Pads, 0, ys, y);
                break;
            case OpKind.Trilu:
                TensorKernels.Reduction<long>(node, Numbered(0, inputShapes[0].Size), inputShapes[0], (v, _) => v, 0, y, ys);
                break;
            default:
                Apply(node, Numbered(0, inputShapes[0].Size), inputShapes[0], indices, ys, y);
                break;
        }
        return y.Select(v => (int)v - 1).ToArray();
    }

    public static void Transpose<T>(ReadOnlySpan<T> x, TensorShape xs, int[] perm, Span<T> y)
    {
        var strides = xs.Strides();
        int rank = xs.Rank;
        var outDims = perm.Select(p => xs[p]).ToArray();
        var srcStride = perm.Select(p => strides[p]).ToArray();
        var idx = new int[rank];
        int src = 0;
        for (int o = 0; o < y.Length; o++)
        {
            y[o] = x[src];
            for (int ax = rank - 1; ax >= 0; ax--)
            {
                idx[ax]++; src += srcStride[ax];
                if (idx[ax] < outDims[ax]) break;
                src -= srcStride[ax] * idx[ax]; idx[ax] = 0;
            }
        }
    }

    public static void Slice<T>(ReadOnlySpan<T> x, TensorShape xs, SliceAttributes a, TensorShape ys, Span<T> y)
    {
        var strides = xs.Strides();
        int rank = xs.Rank;
        var idx = new int[rank];
        for (int o = 0; o < y.Length; o++)
        {
            int src = 0;
            for (int ax = 0; ax < rank; ax++) src += (a.Starts[ax] + idx[ax] * a.Steps[ax]) * strides[ax];
            y[o] = x[src];
            for (int ax = rank - 1; ax >= 0; ax--) { if (++idx[ax] < ys[ax]) break; idx[ax] = 0; }
        }
    }

    /// <summary>ONNX Gather with non-negative, in-range indices.</summary>
    public static void Gather<T>(ReadOnlySpan<T> x, TensorShape xs, ReadOnlySpan<long> indices, int axis, Span<T> y)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= xs[i];
        for (int i = axis + 1; i < xs.Rank; i++) inner *= xs[i];
        int n = xs[axis], o = 0;
        for (int a = 0; a < outer; a++)
            foreach (long ix in indices)
            {
                x.Slice((a * n + (int)ix) * inner, inner).CopyTo(y.Slice(o, inner));
                o += inner;
            }
    }

    /// <summary>ONNX GatherElements with non-negative, in-range indices of the output's shape.</summary>
    public static void GatherElements<T>(ReadOnlySpan<T> x, TensorShape xs, ReadOnlySpan<long> indices, TensorShape ys, int axis, Span<T> y)
    {
        var xStrides = xs.Strides();
        int rank = xs.Rank;
        var idx = new int[rank];
        for (int o = 0; o < y.Length; o++)
        {
            int src = 0;
            for (int ax = 0; ax < rank; ax++) src += (ax == axis ? (int)indices[o] : idx[ax]) * xStrides[ax];
            y[o] = x[src];
            for (int ax = rank - 1; ax >= 0; ax--) { if (++idx[ax] < ys[ax]) break; idx[ax] = 0; }
        }
    }

    public static void Concat<T>(IReadOnlyList<T[]> parts, IReadOnlyList<TensorShape> shapes, int axis, Span<T> y)
    {
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= shapes[0][i];
        int o = 0;
        for (int a = 0; a < outer; a++)
            for (int p = 0; p < parts.Count; p++)
            {
                int block = shapes[p].Size / outer;
                parts[p].AsSpan(a * block, block).CopyTo(y.Slice(o, block));
                o += block;
            }
    }

    /// <summary>ONNX Expand: x broadcast to the output shape.</summary>
    public static void Expand<T>(ReadOnlySpan<T> x, TensorShape xs, TensorShape ys, Span<T> y)
    {
        var map = Broadcasting.SourceIndex(xs, ys);
        for (int i = 0; i < y.Length; i++) y[i] = x[map[i]];
    }

    /// <summary>Pad's value as an integer at the input's scale.</summary>
    public static long PadValue(PadAttributes a, int scale) => (long)FixedPoint.Quantize(a.Value, scale);

    /// <summary>Constant padding: begins then ends per axis.</summary>
    public static void Pad<T>(ReadOnlySpan<T> x, TensorShape xs, int[] pads, T value, TensorShape ys, Span<T> y)
    {
        y.Fill(value);
        int rank = xs.Rank;
        var yStrides = ys.Strides();
        var idx = new int[rank];
        for (int i = 0; i < x.Length; i++)
        {
            int dst = 0;
            for (int ax = 0; ax < rank; ax++) dst += (idx[ax] + pads[ax]) * yStrides[ax];
            y[dst] = x[i];
            for (int ax = rank - 1; ax >= 0; ax--) { if (++idx[ax] < xs[ax]) break; idx[ax] = 0; }
        }
    }
}
