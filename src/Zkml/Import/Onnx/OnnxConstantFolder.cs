using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using OnnxNode = global::Onnx.NodeProto;

namespace ZkmlGpu.Zkml.Import.Onnx;

/// <summary>
/// Evaluates nodes whose inputs are all constants (shape arithmetic: Shape → Gather/Unsqueeze/Concat/Cast → Reshape)
/// at import, in doubles, so these chains never reach the circuit. Also holds the shape rules they share with
/// the importer.
/// </summary>
internal static class OnnxConstantFolder
{
    public static bool TryFold(OnnxImporter imp, OnnxNode n, out Tensor<double>? result, out bool integer)
    {
        result = null;
        integer = n.Input.Where(i => i.Length > 0).All(imp.IsIntegerEdge);
        Tensor<double> In(int i) => imp.ConstOf(n, i, $"input {i}");
        switch (n.OpType)
        {
            case "Identity":
                result = In(0);
                return true;
            case "Cast":
            {
                long to = imp.IntAttr(n, "to", 1);
                integer = to is 2 or 3 or 4 or 5 or 6 or 7 or 9 or 12 or 13;
                var x = In(0);
                result = new Tensor<double>(x.Shape, integer ? x.Data.Select(v => to == 9 ? (v != 0 ? 1.0 : 0.0) : Math.Truncate(v)).ToArray()
                    : x.Data.Select(v => to == 1 ? (double)(float)v : v).ToArray());
                return true;
            }
            case "Squeeze":
            case "Unsqueeze":
            {
                var x = In(0);
                long[]? axes = imp.Opset < 13 ? imp.IntsAttr(n, "axes") : imp.Has(n, 1) ? In(1).Data.Select(v => (long)v).ToArray() : null;
                var s = SqueezeShape(x.Shape, axes, n.OpType == "Unsqueeze") ?? throw imp.NodeError(n, "invalid axes");
                result = new Tensor<double>(s, x.Data);
                return true;
            }
            case "Reshape":
            {
                var x = In(0);
                var s = ReshapeTarget(x.Shape, In(1).Data.Select(v => (long)v).ToArray(), imp.IntAttr(n, "allowzero", 0) != 0)
                    ?? throw imp.NodeError(n, "invalid target shape");
                result = new Tensor<double>(s, x.Data);
                return true;
            }
            case "Flatten":
            {
                var x = In(0);
                long axis = imp.IntAttr(n, "axis", 1); if (axis < 0) axis += x.Shape.Rank;
                int outer = 1; for (int i = 0; i < axis; i++) outer *= x.Shape[i];
                result = new Tensor<double>(new TensorShape(outer, outer == 0 ? 0 : x.Shape.Size / outer), x.Data);
                return true;
            }
            case "Concat":
            {
                var parts = n.Input.Select((_, i) => In(i)).ToList();
                long axis = imp.IntAttr(n, "axis", 0); int rank = parts[0].Shape.Rank; if (axis < 0) axis += rank;
                if (axis < 0 || axis >= rank || parts.Any(p => p.Shape.Rank != rank)) throw imp.NodeError(n, "invalid axis");
                var dims = parts[0].Shape.ToArray(); dims[axis] = parts.Sum(p => p.Shape[(int)axis]);
                var shape = new TensorShape(dims);
                var y = new double[shape.Size];
                Reindexing.Concat(parts.Select(p => p.Data).ToList(), parts.Select(p => p.Shape).ToList(), (int)axis, y);
                result = new Tensor<double>(shape, y);
                return true;
            }
            case "Gather":
            {
                var x = In(0); var idx = In(1);
                long axis = imp.IntAttr(n, "axis", 0); if (axis < 0) axis += x.Shape.Rank;
                if (axis < 0 || axis >= x.Shape.Rank) throw imp.NodeError(n, "invalid axis");
                int size = x.Shape[(int)axis];
                var ix = idx.Data.Select(v => v < 0 ? (long)v + size : (long)v).ToArray();
                if (ix.Any(v => v < 0 || v >= size)) throw imp.NodeError(n, "index out of range");
                var dims = x.Shape.ToArray()[..(int)axis].Concat(idx.Shape.ToArray()).Concat(x.Shape.ToArray()[((int)axis + 1)..]).ToArray();
                var shape = new TensorShape(dims);
                var y = new double[shape.Size];
                Reindexing.Gather<double>(x.Data, x.Shape, ix, (int)axis, y);
                result = new Tensor<double>(shape, y);
                integer = imp.IsIntegerEdge(n.Input[0]);
                return true;
            }
            case "Slice":
            {
                var x = In(0);
                var attrs = SliceAttributes(imp, n, x.Shape, out var shape);
                var y = new double[shape.Size];
                Reindexing.Slice<double>(x.Data, x.Shape, attrs, shape, y);
                result = new Tensor<double>(shape, y);
                integer = imp.IsIntegerEdge(n.Input[0]);
                return true;
            }
            case "Add": case "Sub": case "Mul": case "Div": case "Equal": case "Less": case "Greater": case "Max": case "Min":
            {
                if (n.Input.Count != 2) return false;
                var a = In(0); var b = In(1);
                var s = Broadcasting.Shape(a.Shape, b.Shape) ?? throw imp.NodeError(n, "shapes do not broadcast");
                var ia = Broadcasting.SourceIndex(a.Shape, s); var ib = Broadcasting.SourceIndex(b.Shape, s);
                bool intDiv = integer;
                Func<double, double, double> f = n.OpType switch
                {
                    "Add" => (x, y) => x + y,
                    "Sub" => (x, y) => x - y,
                    "Mul" => (x, y) => x * y,
                    "Div" => (x, y) => y == 0 ? throw imp.NodeError(n, "division by zero") : intDiv ? Math.Truncate(x / y) : x / y,
                    "Equal" => (x, y) => x == y ? 1 : 0,
                    "Less" => (x, y) => x < y ? 1 : 0,
                    "Greater" => (x, y) => x > y ? 1 : 0,
                    "Max" => Math.Max,
                    _ => Math.Min,
                };
                var y = new double[s.Size];
                for (int i = 0; i < y.Length; i++) y[i] = f(a.Data[ia[i]], b.Data[ib[i]]);
                if (n.OpType is "Equal" or "Less" or "Greater") integer = true;
                result = new Tensor<double>(s, y);
                return true;
            }
            case "Transpose":
            {
                var x = In(0);
                int rank = x.Shape.Rank;
                var perm = imp.IntsAttr(n, "perm")?.Select(p => (int)(p < 0 ? p + rank : p)).ToArray() ?? Enumerable.Range(0, rank).Reverse().ToArray();
                if (perm.Length != rank || perm.Distinct().Count() != rank || perm.Any(p => p < 0 || p >= rank)) throw imp.NodeError(n, "perm is not a permutation of the axes");
                var shape = new TensorShape(perm.Select(p => x.Shape[p]).ToArray());
                var y = new double[shape.Size];
                Reindexing.Transpose<double>(x.Data, x.Shape, perm, y);
                result = new Tensor<double>(shape, y);
                return true;
            }
            case "Neg":
            {
                var x = In(0);
                result = new Tensor<double>(x.Shape, x.Data.Select(v => -v).ToArray());
                return true;
            }
            case "ConstantOfShape":
            {
                var dims = In(0).Data.Select(v => checked((int)v)).ToArray();
                var shape = new TensorShape(dims);
                double value = 0;
                var attr = n.Attribute.FirstOrDefault(a => a.Name == "value");
                if (attr is not null) { var t = OnnxTensorReader.Read(attr.T, n.Name); value = t.Data.Single(); integer = OnnxTensorReader.IsIntegerType(attr.T.DataType); }
                else integer = false;
                result = new Tensor<double>(shape, Enumerable.Repeat(value, shape.Size).ToArray());
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>ONNX Reshape's target rule (0 copies a dimension unless allowzero, one −1 is inferred); null if invalid.</summary>
    public static TensorShape? ReshapeTarget(TensorShape input, long[] target, bool allowZero)
    {
        var dims = new int[target.Length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.Length; i++)
        {
            long t = target[i];
            if (t == 0 && !allowZero) { if (i >= input.Rank) return null; t = input[i]; }
            if (t == -1) { if (infer >= 0) return null; infer = i; continue; }
            if (t < 0 || t > int.MaxValue) return null;
            dims[i] = (int)t;
            known *= t;
        }
        if (infer >= 0)
        {
            if (known == 0 || input.Size % known != 0) return null;
            dims[infer] = (int)(input.Size / known);
        }
        else if (known != input.Size) return null;
        return new TensorShape(dims);
    }

    /// <summary>Squeeze (given or all unit axes) or Unsqueeze (axes of the output); null if invalid.</summary>
    public static TensorShape? SqueezeShape(TensorShape input, long[]? axes, bool unsqueeze)
    {
        if (unsqueeze)
        {
            if (axes is null) return null;
            int rank = input.Rank + axes.Length;
            var ax = axes.Select(a => a < 0 ? a + rank : a).ToHashSet();
            if (ax.Count != axes.Length || ax.Any(a => a < 0 || a >= rank)) return null;
            var dims = new int[rank];
            for (int i = 0, j = 0; i < rank; i++) dims[i] = ax.Contains(i) ? 1 : input[j++];
            return new TensorShape(dims);
        }
        var drop = axes is null ? Enumerable.Range(0, input.Rank).Where(i => input[i] == 1).Select(i => (long)i).ToHashSet()
            : axes.Select(a => a < 0 ? a + input.Rank : a).ToHashSet();
        if (drop.Any(a => a < 0 || a >= input.Rank || input[(int)a] != 1)) return null;
        return new TensorShape(Enumerable.Range(0, input.Rank).Where(i => !drop.Contains(i)).Select(i => input[i]).ToArray());
    }

    /// <summary>Resolves Slice's starts/ends/axes/steps (attributes before opset 10, constant inputs after) per axis.</summary>
    public static SliceAttributes SliceAttributes(OnnxImporter imp, OnnxNode n, TensorShape s, out TensorShape shape)
    {
        long[] starts, ends; long[]? axes, steps = null;
        if (imp.Opset < 10)
        {
            starts = imp.IntsAttr(n, "starts") ?? throw imp.NodeError(n, "missing starts");
            ends = imp.IntsAttr(n, "ends") ?? throw imp.NodeError(n, "missing ends");
            axes = imp.IntsAttr(n, "axes");
        }
        else
        {
            long[] L(int i, string what) => imp.ConstOf(n, i, what).Data.Select(v => v >= long.MaxValue ? long.MaxValue : v <= long.MinValue ? long.MinValue : (long)v).ToArray();
            starts = L(1, "starts"); ends = L(2, "ends");
            axes = imp.Has(n, 3) ? L(3, "axes") : null;
            steps = imp.Has(n, 4) ? L(4, "steps") : null;
        }
        axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        steps ??= Enumerable.Repeat(1L, starts.Length).ToArray();
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length) throw imp.NodeError(n, "starts, ends, axes and steps differ in length");
        var st = new int[s.Rank]; var en = s.ToArray(); var sp = Enumerable.Repeat(1, s.Rank).ToArray();
        var outDims = s.ToArray();
        for (int i = 0; i < axes.Length; i++)
        {
            long ax = axes[i] < 0 ? axes[i] + s.Rank : axes[i];
            if (ax < 0 || ax >= s.Rank) throw imp.NodeError(n, $"axis {axes[i]} is out of range");
            if (steps[i] <= 0) throw imp.NodeError(n, "only positive steps are supported");
            long dim = s[(int)ax];
            long b = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            b = Math.Clamp(b, 0, dim); e = Math.Clamp(e, 0, dim);
            st[ax] = (int)b; en[ax] = (int)e; sp[ax] = (int)steps[i];
            outDims[ax] = e > b ? (int)((e - b + steps[i] - 1) / steps[i]) : 0;
        }
        shape = new TensorShape(outDims);
        return new SliceAttributes(st, en, sp);
    }
}
