using ZkmlGpu.Field;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// The public inputs of a <see cref="ModelCircuit"/>, defined once for the circuit and for every tool that writes or
/// reads them. Instance columns, in this order:
/// "input": per model input in graph order, its values row-major when public, its one <see cref="TensorHash"/> when
/// hashed, nothing when private (<see cref="Settings.InputVisibility"/>);
/// "output": the model outputs likewise (<see cref="Settings.OutputVisibility"/>);
/// "weights", only under <see cref="WeightVisibility.Hashed"/>: the <see cref="TensorHash"/> of each weight tensor of
/// <see cref="WeightTensors"/>, in that order;
/// then a chunk circuit's "chunk" column (<see cref="Chunking.ChunkStatement"/>).
/// </summary>
public sealed class ModelPublicInputs
{
    public const string InputColumn = "input";
    public const string OutputColumn = "output";
    public const string WeightColumn = "weights";

    private readonly QuantizedModel _model;
    private readonly int _maxValueBits;

    public ModelPublicInputs(QuantizedModel model)
    {
        _model = model;
        _maxValueBits = model.Settings.MaxValueBits;
        InputVisibility = model.Settings.InputVisibility;
        OutputVisibility = model.Settings.OutputVisibility;
        Inputs = Select(model.Graph.Inputs, InputVisibility);
        Outputs = Select(model.Graph.Outputs, OutputVisibility);
        HashesWeights = model.Settings.WeightVisibility == WeightVisibility.Hashed;
        Weights = HashesWeights ? WeightTensors(model.Graph) : [];
    }

    private static string[] Select(IReadOnlyList<string> edges, Visibility visibility) => visibility switch
    {
        Visibility.Public or Visibility.Hashed => edges.ToArray(),
        Visibility.Private => [],
        _ => throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "unknown visibility"),
    };

    public Visibility InputVisibility { get; }
    public Visibility OutputVisibility { get; }

    /// <summary>Whether the circuit has the "weights" column.</summary>
    public bool HashesWeights { get; }

    /// <summary>The model inputs in instance column "input" (values or hashes), in order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The model outputs in instance column "output" (values or hashes), in order.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The hashed weight tensors, in the order of column "weights" (empty unless weights are hashed).</summary>
    public IReadOnlyList<string> Weights { get; }

    /// <summary>
    /// The constant tensors a MatMul, Gemm, Conv or ConvTranspose multiplies by (B or the kernel) or adds (the bias),
    /// each once, in the order the graph's nodes first read them.
    /// </summary>
    public static IReadOnlyList<string> WeightTensors(ModelGraph g)
    {
        var seen = new List<string>();
        foreach (var node in g.Nodes)
        {
            if (node.Op is not (OpKind.MatMul or OpKind.Gemm or OpKind.Conv or OpKind.ConvTranspose)) continue;
            if (!g.FixedConstants.ContainsKey(node.Inputs[1])) continue;
            for (int i = 1; i < Math.Min(node.Inputs.Count, 3); i++)
                if (g.FixedConstants.ContainsKey(node.Inputs[i]) && !seen.Contains(node.Inputs[i])) seen.Add(node.Inputs[i]);
        }
        return seen;
    }

    /// <summary>Column "weights": the hash of each of <see cref="Weights"/>, from the model's own constants.</summary>
    public Fr[] WeightHashes() => Weights.Select(w => TensorHash.Of(_model.Graph.FixedConstants[w].Data)).ToArray();

    /// <summary>
    /// The instance columns ("input", "output", then "weights" if weights are hashed) from the tensors' integer
    /// values. Throws <see cref="ArgumentException"/> when a tensor has the wrong number of elements or a value outside
    /// ±2^maxValueBits (the range every edge of the integer semantics lies in, so no public value can make the
    /// circuit's statement one about other integers).
    /// </summary>
    public Fr[][] Instance(Func<string, long[]> values) => InstanceOf(e => Elements(e, values(e)));

    /// <summary>
    /// The instance columns from each input's and output's elements (<see cref="Elements"/>; a verifier of hashed
    /// tensors is given the hashes only); the weight hashes come from the model.
    /// </summary>
    public Fr[][] InstanceOf(Func<string, Fr[]> elements)
    {
        Fr[][] io = [Inputs.SelectMany(elements).ToArray(), Outputs.SelectMany(elements).ToArray()];
        return HashesWeights ? [.. io, WeightHashes()] : io;
    }

    /// <summary>What input or output <paramref name="edge"/> with <paramref name="values"/> puts in its column: the values, or their hash.</summary>
    public Fr[] Elements(string edge, long[] values)
    {
        int size = _model.Graph[edge].Shape.Size;
        if (values.Length != size) throw new ArgumentException($"tensor '{edge}' has {values.Length} values; the model's edge has {size}");
        long limit = 1L << _maxValueBits;
        for (int i = 0; i < values.Length; i++)
            if (values[i] <= -limit || values[i] >= limit) throw new ArgumentException($"tensor '{edge}' element {i} = {values[i]} is outside ±2^{_maxValueBits}");
        return IsHashed(edge) ? [TensorHash.Of(values)] : values.Select(Fr.FromInt64).ToArray();
    }

    /// <summary>Whether input or output <paramref name="edge"/> is hashed.</summary>
    public bool IsHashed(string edge) =>
        _model.Graph.Inputs.Contains(edge) ? InputVisibility == Visibility.Hashed : OutputVisibility == Visibility.Hashed;
}
