using ZkmlGpu.Field;
using ZkmlGpu.Prover.Polynomials;

namespace ZkmlGpu.Prover.Plonk;

/// <summary>What the quotient computation reads: every polynomial on the extended coset, and the challenges.</summary>
internal sealed class QuotientContext
{
    public required ProvingKey Pk { get; init; }
    public ProofLayout Layout => Pk.Vk.Layout;
    public EvaluationDomain Domain => Pk.Vk.Domain;
    public required Fr[][] AdviceExtended { get; init; }
    public required Fr[][] InstanceExtended { get; init; }
    public required Fr[][] PermutationExtended { get; init; }
    public required Fr[][] LookupMultiplicitiesExtended { get; init; }
    public required Fr[][] LookupSumsExtended { get; init; }
    public required CompiledExpression[] LookupInputs { get; init; }
    public required CompiledExpression[] LookupTables { get; init; }
    public required CompiledExpression[] LookupSelectors { get; init; }
    public required Fr[] Challenges { get; init; }
    public required Fr Theta { get; init; }
    public required Fr Beta { get; init; }
    public required Fr Gamma { get; init; }
    /// <summary>δ^j for every permutation column j.</summary>
    public Fr[] DeltaPowers => _deltaPowers.Value;
    private readonly Lazy<Fr[]> _deltaPowers;

    public QuotientContext() => _deltaPowers = new(() => PermutationArgument.Powers(PermutationArgument.Delta, Math.Max(1, Layout.PermutationColumns.Count)));

    public Fr[] Extended(Column c) => c.Kind switch
    {
        ColumnKind.Advice => AdviceExtended[c.Index],
        ColumnKind.Fixed => Pk.FixedExtended[c.Index],
        _ => InstanceExtended[c.Index],
    };
}
