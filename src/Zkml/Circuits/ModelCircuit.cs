using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Merkle;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits.Poseidon;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// A quantized model as one PLONKish circuit: shared columns (<see cref="LayerColumns"/>), one
/// <see cref="ILayerChip"/> per op family, one region per node named "node (op)" (<see cref="RegionName"/>), and the
/// public model inputs and outputs in instance columns "input" and "output" (<see cref="ModelPublicInputs"/>). Without
/// inputs it lays out the shape only (keygen); with inputs the witness is computed by the chips and checked, edge by
/// edge, against the integer executor's activations.
/// </summary>
/// <remarks>
/// A private input is advice in a region "edge (PrivateInput)", two elements a row in c0 and c1, each sign-decomposed:
/// the prover chooses it freely, but only within |v| &lt; 2^48, the bound every chip's decomposition works in, so no
/// input can wrap around the field. A private output is simply not copied to the instance column. A hashed input is
/// laid out like a private one and a hashed output as the chips computed it; each is then hashed in a region
/// "edge (Hash)" whose result is copied to the instance column and whose salt is copied from the constant 0
/// (<see cref="TensorHash"/>). Hashed weights (<see cref="WeightVisibility.Hashed"/>) are laid out once per tensor
/// like a private input ("tensor (Weight)", range-checked to |w| &lt; 2^48 so products cannot wrap), hashed into
/// column "weights", and the MatMul and Conv chips multiply by these cells instead of fixed-column weights.
/// </remarks>
public sealed class ModelCircuit : ICircuit
{
    private readonly QuantizedModel _model;
    private readonly LayerColumns _cols;
    private readonly ChipSet _chips;
    private readonly Column _input, _output;
    private readonly ModelPublicInputs _public;
    private readonly ChunkBinding? _chunk;
    private readonly BoundaryCommitmentChip? _commit;
    private readonly Column _chunkColumn;
    private readonly Column _weights;

    /// <summary>
    /// The circuit of <paramref name="model"/>; with <paramref name="chunk"/> a chunk circuit, whose inputs and outputs
    /// are also committed (<see cref="ChunkStatement"/>, instance column "chunk"). The model of a chunk is
    /// <see cref="ChunkGraph.Extract"/>'s, whose settings make the activations at inner cuts private.
    /// </summary>
    public ModelCircuit(QuantizedModel model, IReadOnlyList<long[]>? inputs = null, ChunkBinding? chunk = null)
    {
        _model = model;
        var g = model.Graph;
        if (model.Settings.MaxValueBits > LayerColumns.ValueBits - 1)
            throw new ModelFormatException($"model '{g.Name}': maxValueBits {model.Settings.MaxValueBits} exceeds {LayerColumns.ValueBits - 1}: the circuit's range checks cover differences of two values in {LayerColumns.ValueBits} bits");

        var cs = new ConstraintSystem();
        _cols = new LayerColumns(cs);
        _chips = new ChipSet(cs, _cols) { WeightsAreAdvice = model.Settings.WeightVisibility == WeightVisibility.Hashed };
        foreach (var node in g.Nodes) CheckSupported(g, node);
        _public = new ModelPublicInputs(model);
        _input = cs.InstanceColumn(ModelPublicInputs.InputColumn);
        _output = cs.InstanceColumn(ModelPublicInputs.OutputColumn);
        cs.EnableEquality(_input);
        cs.EnableEquality(_output);
        if (_public.HashesWeights)
        {
            _weights = cs.InstanceColumn(ModelPublicInputs.WeightColumn);
            cs.EnableEquality(_weights);
        }
        if (chunk is not null || _public.HashesWeights || _public.InputVisibility == Visibility.Hashed || _public.OutputVisibility == Visibility.Hashed)
            _commit = _chips.Get<BoundaryCommitmentChip>();
        if (chunk is not null && _public.HashesWeights)
            throw new ModelFormatException($"model '{g.Name}': hashed weights have no chunk circuit yet (a chunk proof carries no \"weights\" column)");
        if (chunk is not null)
        {
            _chunk = chunk;
            _chunkColumn = cs.InstanceColumn(ChunkStatement.Column);
            cs.EnableEquality(_chunkColumn);
        }
        ConstraintSystem = cs;
        if (inputs is not null) Activations = IntegerExecutor.Run(model, inputs);
    }

    /// <summary>The chip that lays out each op (one per op; a chip is configured only when its op occurs).</summary>
    private static readonly Dictionary<OpKind, Type> ChipOf = ChipTypes(
        typeof(MatMulChip), typeof(DivChip), typeof(ReluChip), typeof(LinearChip), typeof(ReindexChip), typeof(MaxChip),
        typeof(MaxReduceChip), typeof(ArgMaxChip), typeof(ComparisonChip), typeof(WhereChip), typeof(ClipChip), typeof(SignSelectChip),
        typeof(LookupChip), typeof(SoftmaxChip), typeof(CastChip), typeof(ZkmlLayerChip),
        typeof(ConvChip), typeof(MulChip), typeof(SumChip));

    private static Dictionary<OpKind, Type> ChipTypes(params Type[] chips)
    {
        var map = new Dictionary<OpKind, Type>();
        var cs = new ConstraintSystem();
        var probe = new ChipSet(cs, new LayerColumns(cs));
        foreach (var t in chips)
            foreach (var op in ((ILayerChip)probe.Get(t)).Ops)
                if (!map.TryAdd(op, t)) throw new InvalidOperationException($"{op} is laid out by both {map[op].Name} and {t.Name}");
        return map;
    }

    private ILayerChip Chip(OpKind op) => (ILayerChip)_chips.Get(ChipOf[op]);

    public ConstraintSystem ConstraintSystem { get; }

    public QuantizedModel Model => _model;

    internal LayerColumns Columns => _cols;

    /// <summary>The configured chips (tests reach a chip's dishonest-prover hooks through it).</summary>
    internal ChipSet Chips => _chips;

    /// <summary>The witness (null for a shape-only circuit).</summary>
    public Activations? Activations { get; }

    /// <summary>Runs after each node's region is laid out (tests overwrite cells there to play a dishonest prover).</summary>
    internal Action<CircuitBuilder, Node, RegionInfo>? AfterNode { get; init; }

    /// <summary>Tests playing a dishonest prover through a chip's claimed-value hooks turn the executor check off.</summary>
    internal bool CheckAgainstExecutorValues { get; init; } = true;

    /// <summary>The public inputs a verifier is given (<see cref="ModelPublicInputs"/>): inputs, outputs, weight hashes if hashed, the chunk statement if a chunk.</summary>
    public Fr[][] PublicInputs()
    {
        var a = Activations ?? throw new InvalidOperationException("a shape-only circuit has no public inputs");
        var columns = _public.Instance(e => a[e].Data);
        return Statement is { } st ? [.. columns, st.ToInstance()] : columns;
    }

    /// <summary>A chunk circuit's statement, computed outside the circuit from the witness (null for a whole model or a shape).</summary>
    public ChunkStatement? Statement => _chunk is { } c && Activations is { } a
        ? new ChunkStatement(c.Index, c.Count, Commitment(a, _model.Graph.Inputs, c.InputSalt), Commitment(a, _model.Graph.Outputs, c.OutputSalt))
        : null;

    private static Fr Commitment(Activations a, IReadOnlyList<string> edges, Fr salt) =>
        BoundaryCommitment.Compute(edges.SelectMany(e => a[e].Data).Select(Fr.FromInt64).ToArray(), salt);

    /// <summary>Rows each node takes (zero for reindexing), from the graph alone.</summary>
    public int RowsOf(Node node) => Chip(node.Op).Rows(_model.Graph, node);

    public void Synthesize(CircuitBuilder b)
    {
        var g = _model.Graph;
        _cols.BeginSynthesis();
        foreach (var chip in _chips.Configured.OfType<ITableChip>()) chip.LoadTables(b, _model);
        var context = new LayerContext(g, b, _cols);
        foreach (string e in g.Inputs)
        {
            long[] v = Activations?[e].Data ?? new long[g[e].Shape.Size];
            context.Set(e, _public.InputVisibility == Visibility.Public
                ? new LayerValue(v.Select(x => b.AddPublicInput(_input, Fr.FromInt64(x))).ToArray(), v)
                : AdviceTensor(b, RegionName.Of(e, "PrivateInput"), v));
            if (_public.InputVisibility == Visibility.Hashed)
                _commit!.CommitHashed(b, RegionName.Of(e, "Hash"), _input, context[e].Cells, context.ConstantCell(0));
        }
        foreach (string w in _public.Weights)
        {
            context.Set(w, AdviceTensor(b, RegionName.Of(w, "Weight"), g.FixedConstants[w].Data));
            _commit!.CommitHashed(b, RegionName.Of(w, "Hash"), _weights, context[w].Cells, context.ConstantCell(0));
        }
        if (_chunk is { } binding)
        {
            b.AddPublicInput(_chunkColumn, Fr.FromInt64(binding.Index));
            b.AddPublicInput(_chunkColumn, Fr.FromInt64(binding.Count));
            _commit!.CommitPublic(b, RegionName.Of("chunk input", "Commitment"), _chunkColumn, g.Inputs.SelectMany(e => context[e].Cells).ToArray(), binding.InputSalt);
        }
        foreach (var node in g.Nodes)
        {
            var chip = Chip(node.Op);
            int rows = chip.Rows(g, node);
            var region = rows > 0 ? b.Region(RegionName.Of(node.Name, node.Op.ToString()), rows) : null;
            var y = chip.Layout(context, node, region);
            string outEdge = node.Outputs[0];
            if (y.Length != g[outEdge].Shape.Size)
                throw new InvalidOperationException($"node '{node.Name}' ({node.Op}): the chip laid out {y.Length} elements, the edge has {g[outEdge].Shape.Size}");
            if (Activations is { } acts && CheckAgainstExecutorValues) CheckAgainstExecutor(node, y, acts[outEdge].Data);
            context.Set(outEdge, y);
            if (region is not null) AfterNode?.Invoke(b, node, region.Info);
        }
        foreach (string e in _public.Outputs)
            if (_public.OutputVisibility == Visibility.Hashed)
                _commit!.CommitHashed(b, RegionName.Of(e, "Hash"), _output, context[e].Cells, context.ConstantCell(0));
            else
                foreach (var c in context[e].Cells)
                    b.ConstrainEqual(c.Cell, b.AddPublicInput(_output, c.Value).Cell);
        if (_chunk is { } bound)
            _commit!.CommitPublic(b, RegionName.Of("chunk output", "Commitment"), _chunkColumn, g.Outputs.SelectMany(e => context[e].Cells).ToArray(), bound.OutputSalt);
        _cols.LoadTableIfUsed(b); // last: only the layout shows whether any value was range-checked
    }

    /// <summary>A private input or hashed weight: advice cells, two a row, each range-checked by the sign decomposition (see remarks).</summary>
    private LayerValue AdviceTensor(CircuitBuilder b, string name, long[] v)
    {
        var region = b.Region(name, (v.Length + 1) / 2);
        var cells = new AssignedCell[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            int which = i % 2, offset = i / 2;
            cells[i] = region.Assign(_cols.C[which], offset, Fr.FromInt64(v[i]));
            _cols.Decompose(region, which, offset, v[i]);
        }
        return new LayerValue(cells, v);
    }

    /// <summary>The chips' witness must be the executor's: a difference is a bug in one of them, never a proof of another value.</summary>
    private static void CheckAgainstExecutor(Node node, LayerValue y, long[] expected)
    {
        for (int i = 0; i < expected.Length; i++)
            if (y.Values[i] != expected[i])
                throw new InvalidOperationException($"node '{node.Name}' ({node.Op}): the circuit computes {y.Values[i]} at element {i}, the integer executor {expected[i]}");
    }

    private void CheckSupported(ModelGraph g, Node node)
    {
        string? why = ChipOf.ContainsKey(node.Op) ? Chip(node.Op).Unsupported(g, node) : "this op has no circuit yet";
        if (why is not null) throw new ModelFormatException($"model '{g.Name}', node '{node.Name}' ({node.Op}): {why}");
    }
}
