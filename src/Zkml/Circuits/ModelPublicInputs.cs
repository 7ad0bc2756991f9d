using ZkmlGpu.Field;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// The public inputs of a <see cref="ModelCircuit"/>, defined once for the circuit and for every tool that writes or
/// reads them. Two instance columns: "input" holds the public model inputs and "output" the public model outputs,
/// each tensor row-major, tensors in graph order; a private tensor has no instance cells. Settings choose per side
/// (<see cref="Settings.InputVisibility"/>, <see cref="Settings.OutputVisibility"/>).
/// </summary>
public sealed class ModelPublicInputs
{
    public const string InputColumn = "input";
    public const string OutputColumn = "output";

    private readonly ModelGraph _graph;
    private readonly int _maxValueBits;

    public ModelPublicInputs(QuantizedModel model)
    {
        _graph = model.Graph;
        _maxValueBits = model.Settings.MaxValueBits;
        Inputs = Select(model.Graph.Inputs, model.Settings.InputVisibility);
        Outputs = Select(model.Graph.Outputs, model.Settings.OutputVisibility);
    }

    private static string[] Select(IReadOnlyList<string> edges, Visibility visibility) => visibility switch
    {
        Visibility.Public => edges.ToArray(),
        Visibility.Private => [],
        _ => throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "unknown visibility"),
    };

    /// <summary>The model inputs in instance column "input", in order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The model outputs in instance column "output", in order.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>
    /// The instance columns ("input", then "output") from the public tensors' integer values. Throws
    /// <see cref="ArgumentException"/> when a tensor has the wrong number of elements or a value outside
    /// ±2^maxValueBits (the range every edge of the integer semantics lies in, so no public value can make the
    /// circuit's statement one about other integers).
    /// </summary>
    public Fr[][] Instance(Func<string, long[]> values) =>
        [Column(Inputs, values), Column(Outputs, values)];

    private Fr[] Column(IReadOnlyList<string> edges, Func<string, long[]> values)
    {
        var column = new List<Fr>();
        long limit = 1L << _maxValueBits;
        foreach (string e in edges)
        {
            long[] v = values(e);
            int size = _graph[e].Shape.Size;
            if (v.Length != size) throw new ArgumentException($"public tensor '{e}' has {v.Length} values; the model's edge has {size}");
            for (int i = 0; i < v.Length; i++)
            {
                if (v[i] <= -limit || v[i] >= limit) throw new ArgumentException($"public tensor '{e}' element {i} = {v[i]} is outside ±2^{_maxValueBits}");
                column.Add(Fr.FromInt64(v[i]));
            }
        }
        return column.ToArray();
    }
}
