using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>
/// The chips of one circuit, each configured once and only when some node needs it (directly or through another
/// chip), so a model pays for the gates, lookups and columns of its own ops only. Every chip has a public
/// constructor taking the set; creation order follows the graph, so keygen and proving configure identically.
/// A chip that uses another gets it in its constructor (<c>chips.Get&lt;DivChip&gt;()</c>), never while laying out:
/// the constraint system is complete before the first synthesis.
/// </summary>
public sealed class ChipSet
{
    private readonly Dictionary<Type, object> _chips = new();

    public ChipSet(ConstraintSystem cs, LayerColumns columns)
    {
        ConstraintSystem = cs;
        Columns = columns;
    }

    public ConstraintSystem ConstraintSystem { get; }
    public LayerColumns Columns { get; }

    /// <summary>
    /// Whether MatMul's, Gemm's and Conv's constant weights and biases are advice cells the circuit laid out (hashed
    /// weights, read through <see cref="LayerContext.Input"/>) instead of fixed-column values.
    /// </summary>
    public bool WeightsAreAdvice { get; init; }

    /// <summary>The chip of type <typeparamref name="T"/>, configured on first use.</summary>
    public T Get<T>() where T : class => (T)Get(typeof(T));

    /// <summary>The chips configured so far, in creation order.</summary>
    public IEnumerable<object> Configured => _chips.Values;

    public object Get(Type chip)
    {
        if (!_chips.TryGetValue(chip, out var c))
        {
            c = Activator.CreateInstance(chip, this) ?? throw new InvalidOperationException($"{chip.Name} could not be created");
            _chips.Add(chip, c);
        }
        return c;
    }
}
