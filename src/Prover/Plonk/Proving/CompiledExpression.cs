using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>
/// An expression flattened into straight-line vector code, evaluated over blocks of rows: each node fills one
/// scratch buffer per block, so a million-row evaluation does no per-element dispatch or allocation.
/// Queries read a source array at index (row + rotation·stride) mod length. With vector lanes
/// (<see cref="SimdWidth"/>) a block is evaluated in 52-bit limb planes: each load is converted once, every node
/// runs on the lanes, and the root is converted back; the results are bit-identical to the scalar path.
/// </summary>
internal sealed class CompiledExpression
{
    public const int BlockSize = 512;

    private enum Op : byte { Constant, Load, Add, Sub, Mul, Negate, Scale, AddConstant }

    private readonly record struct Node(Op Op, int A, int B, Fr C, Fr[]? Source, int Shift)
    {
        /// <summary>C in all 8 lanes (stride 8): shifted for Scale (a product's second operand), plain otherwise.</summary>
        public ulong[] Broadcast { get; } = LimbPlanes.Broadcast(C.Mont, Op == Op.Scale);
    }

    /// <summary>A scratch buffer holds a block either as Fr values or as 5 limb planes of BlockSize ulongs.</summary>
    private const int ScratchLength = BlockSize * LimbPlanes.Limbs * sizeof(ulong) / 32;

    private readonly Node[] _nodes;

    /// <param name="source">The values of a column over the domain being evaluated.</param>
    /// <param name="stride">Domain points per row (the extension factor on the extended domain, 1 on rows).</param>
    /// <param name="challenges">Challenge values by index, for expressions that use challenges.</param>
    public CompiledExpression(Expression expression, Func<Column, Fr[]> source, int stride, IReadOnlyList<Fr>? challenges = null)
    {
        var nodes = new List<Node>();
        var loads = new Dictionary<(Column, int), int>();
        // A subexpression object used several times (e.g. an S-box input in x² and x⁵) is computed once.
        var emitted = new Dictionary<Expression, int>(ReferenceEqualityComparer.Instance);
        int Emit(Expression e)
        {
            if (emitted.TryGetValue(e, out int done)) return done;
            int index = EmitNode(e);
            emitted[e] = index;
            return index;
        }
        int EmitNode(Expression e)
        {
            switch (e)
            {
                case ConstantExpression c: nodes.Add(new Node(Op.Constant, 0, 0, c.Value, null, 0)); break;
                case ChallengeExpression ch: nodes.Add(new Node(Op.Constant, 0, 0, challenges![ch.Challenge.Index], null, 0)); break;
                case QueryExpression q:
                    if (loads.TryGetValue((q.Column, q.Rotation), out int existing)) return existing;
                    var src = source(q.Column);
                    int shift = (int)(((long)q.Rotation * stride % src.Length + src.Length) % src.Length);
                    nodes.Add(new Node(Op.Load, 0, 0, default, src, shift));
                    loads[(q.Column, q.Rotation)] = nodes.Count - 1;
                    break;
                case SumExpression s when s.Right is ConstantExpression rc:
                    { int a = Emit(s.Left); nodes.Add(new Node(Op.AddConstant, a, 0, rc.Value, null, 0)); break; }
                case SumExpression s when s.Right is NegatedExpression n:
                    { int a = Emit(s.Left), b = Emit(n.Inner); nodes.Add(new Node(Op.Sub, a, b, default, null, 0)); break; }
                case SumExpression s:
                    { int a = Emit(s.Left), b = Emit(s.Right); nodes.Add(new Node(Op.Add, a, b, default, null, 0)); break; }
                case ProductExpression p:
                    { int a = Emit(p.Left), b = Emit(p.Right); nodes.Add(new Node(Op.Mul, a, b, default, null, 0)); break; }
                case NegatedExpression n:
                    { int a = Emit(n.Inner); nodes.Add(new Node(Op.Negate, a, 0, default, null, 0)); break; }
                case ScaledExpression s:
                    { int a = Emit(s.Inner); nodes.Add(new Node(Op.Scale, a, 0, s.Factor, null, 0)); break; }
                default: throw new InvalidOperationException("Unknown expression node.");
            }
            return nodes.Count - 1;
        }
        Emit(expression);
        _nodes = nodes.ToArray();
    }

    /// <summary>Scratch buffers for one thread.</summary>
    public Fr[][] CreateScratch() => _nodes.Select(_ => new Fr[ScratchLength]).ToArray();

    /// <summary>Evaluates rows [start, start + output.Length) (at most BlockSize) into output.</summary>
    public void Evaluate(int start, Span<Fr> output, Fr[][] scratch)
    {
        switch (SimdWidth.Current)
        {
            case 8: EvaluateLanes<FrLanes512>(start, output, scratch); return;
            case 4: EvaluateLanes<FrLanes256>(start, output, scratch); return;
        }
        int len = output.Length;
        for (int k = 0; k < _nodes.Length; k++)
        {
            var node = _nodes[k];
            var dst = scratch[k].AsSpan(0, len);
            switch (node.Op)
            {
                case Op.Constant: dst.Fill(node.C); break;
                case Op.Load:
                    {
                        var src = node.Source!;
                        int from = start + node.Shift;
                        if (from >= src.Length) from -= src.Length;
                        int first = Math.Min(len, src.Length - from);
                        src.AsSpan(from, first).CopyTo(dst);
                        if (first < len) src.AsSpan(0, len - first).CopyTo(dst[first..]);
                        break;
                    }
                case Op.Add: { var a = scratch[node.A]; var b = scratch[node.B]; for (int i = 0; i < len; i++) dst[i] = a[i] + b[i]; break; }
                case Op.Sub: { var a = scratch[node.A]; var b = scratch[node.B]; for (int i = 0; i < len; i++) dst[i] = a[i] - b[i]; break; }
                case Op.Mul: { var a = scratch[node.A]; var b = scratch[node.B]; for (int i = 0; i < len; i++) dst[i] = a[i] * b[i]; break; }
                case Op.Negate: { var a = scratch[node.A]; for (int i = 0; i < len; i++) dst[i] = -a[i]; break; }
                case Op.Scale: { var a = scratch[node.A]; var c = node.C; for (int i = 0; i < len; i++) dst[i] = a[i] * c; break; }
                case Op.AddConstant: { var a = scratch[node.A]; var c = node.C; for (int i = 0; i < len; i++) dst[i] = a[i] + c; break; }
            }
        }
        scratch[^1].AsSpan(0, len).CopyTo(output);
    }

    private void EvaluateLanes<TL>(int start, Span<Fr> output, Fr[][] scratch) where TL : struct, IFieldLanes
    {
        var root = EvaluatePlanes<TL>(start, output.Length, scratch);
        LimbPlanes.Join(root, BlockSize, output);
    }

    /// <summary>
    /// Evaluates rows [start, start + len) (len at most BlockSize) on <typeparamref name="TL"/>'s lanes and returns
    /// the result as limb planes of stride BlockSize (columns from len up to a multiple of 8 hold padding); the
    /// planes are the root's scratch, valid until the next evaluation with this scratch.
    /// </summary>
    internal Span<ulong> EvaluatePlanes<TL>(int start, int len, Fr[][] scratch) where TL : struct, IFieldLanes
    {
        int groups = LimbPlanes.StrideFor(len);
        const int stride = BlockSize;
        for (int k = 0; k < _nodes.Length; k++)
        {
            var node = _nodes[k];
            Span<ulong> dst = MemoryMarshal.Cast<Fr, ulong>(scratch[k].AsSpan());
            ref ulong d = ref dst[0];
            switch (node.Op)
            {
                case Op.Constant:
                    for (int j = 0; j < LimbPlanes.Limbs; j++) dst.Slice(j * stride, groups).Fill(node.Broadcast[j * 8]);
                    break;
                case Op.Load:
                    {
                        var src = node.Source!;
                        int from = start + node.Shift;
                        if (from >= src.Length) from -= src.Length;
                        int first = Math.Min(len, src.Length - from);
                        LimbPlanes.Split(src.AsSpan(from, first), dst, stride);
                        if (first < len) LimbPlanes.Split(src.AsSpan(0, len - first), dst, stride, first);
                        break;
                    }
                case Op.Add: case Op.Sub: case Op.Mul:
                    {
                        ref ulong a = ref Plane(scratch, node.A), b = ref Plane(scratch, node.B);
                        for (int i = 0; i < groups; i += TL.Lanes)
                        {
                            if (node.Op == Op.Add) TL.Add(ref Unsafe.Add(ref a, i), stride, ref Unsafe.Add(ref b, i), stride, ref Unsafe.Add(ref d, i), stride);
                            else if (node.Op == Op.Sub) TL.Sub(ref Unsafe.Add(ref a, i), stride, ref Unsafe.Add(ref b, i), stride, ref Unsafe.Add(ref d, i), stride);
                            else TL.Mul(ref Unsafe.Add(ref a, i), stride, ref Unsafe.Add(ref b, i), stride, ref Unsafe.Add(ref d, i), stride);
                        }
                        break;
                    }
                case Op.Negate:
                    {
                        // 0 − a: the first 8 lanes of a zero constant serve as the zero operand.
                        ref ulong a = ref Plane(scratch, node.A);
                        ref ulong zero = ref ZeroLanes[0];
                        for (int i = 0; i < groups; i += TL.Lanes)
                            TL.Sub(ref zero, 8, ref Unsafe.Add(ref a, i), stride, ref Unsafe.Add(ref d, i), stride);
                        break;
                    }
                case Op.Scale: case Op.AddConstant:
                    {
                        ref ulong a = ref Plane(scratch, node.A);
                        ref ulong c = ref node.Broadcast[0];
                        for (int i = 0; i < groups; i += TL.Lanes)
                        {
                            if (node.Op == Op.Scale) TL.MulShifted(ref Unsafe.Add(ref a, i), stride, ref c, 8, ref Unsafe.Add(ref d, i), stride);
                            else TL.Add(ref Unsafe.Add(ref a, i), stride, ref c, 8, ref Unsafe.Add(ref d, i), stride);
                        }
                        break;
                    }
            }
        }
        return MemoryMarshal.Cast<Fr, ulong>(scratch[_nodes.Length - 1].AsSpan());
    }

    private static readonly ulong[] ZeroLanes = new ulong[LimbPlanes.Limbs * 8];

    private static ref ulong Plane(Fr[][] scratch, int node) => ref Unsafe.As<Fr, ulong>(ref MemoryMarshal.GetArrayDataReference(scratch[node]));

    /// <summary>Evaluates every row of a domain of the given size, in parallel blocks.</summary>
    public Fr[] EvaluateAll(int length)
    {
        var result = new Fr[length];
        int blocks = (length + BlockSize - 1) / BlockSize;
        Parallel.For(0, blocks, CreateScratch, (block, _, scratch) =>
        {
            int start = block * BlockSize;
            Evaluate(start, result.AsSpan(start, Math.Min(BlockSize, length - start)), scratch);
            return scratch;
        }, _ => { });
        return result;
    }
}
