using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits.Poseidon;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>
/// A test circuit for the hashing gadgets: values placed in an equality-enabled input column, a body that lays
/// gadgets out on them and returns the cells to make public, and an optional tampering step after the layout.
/// </summary>
internal sealed class GadgetCircuit : ICircuit
{
    private readonly Func<GadgetCircuit, CircuitBuilder, IEnumerable<AssignedCell>> _body;

    public GadgetCircuit(int lanes, Func<GadgetCircuit, CircuitBuilder, IEnumerable<AssignedCell>> body)
    {
        _body = body;
        var cs = new ConstraintSystem();
        Input = cs.AdviceColumn("in");
        cs.EnableEquality(Input);
        Output = cs.InstanceColumn("out");
        cs.EnableEquality(Output);
        Poseidon = new PoseidonChip(cs, lanes);
        Tree = new LeanImtChip(Poseidon);
        Commitment = new BoundaryCommitmentChip(Tree);
        ConstraintSystem = cs;
    }

    public ConstraintSystem ConstraintSystem { get; }
    public Column Input { get; }
    public Column Output { get; }
    public PoseidonChip Poseidon { get; }
    public LeanImtChip Tree { get; }
    public BoundaryCommitmentChip Commitment { get; }
    /// <summary>Runs after the body: a dishonest prover overwriting cells.</summary>
    public Action<CircuitBuilder>? Tamper { get; init; }

    /// <summary>The values as cells of the input column, in a region named "inputs".</summary>
    public AssignedCell[] Inputs(CircuitBuilder b, IReadOnlyList<Fr> values)
    {
        var region = b.Region("inputs", values.Count);
        return values.Select((v, i) => region.Assign(Input, i, v)).ToArray();
    }

    public void Synthesize(CircuitBuilder b)
    {
        foreach (var cell in _body(this, b).ToArray())
            b.ConstrainEqual(cell.Cell, b.AddPublicInput(Output, cell.Value).Cell);
        Tamper?.Invoke(b);
    }

    public Fr[][] PublicInputs()
    {
        var b = new CircuitBuilder(ConstraintSystem);
        Synthesize(b);
        return b.PublicInputs;
    }

    /// <summary>Overwrites one cell at a row of the named region with its value plus one.</summary>
    public static Action<CircuitBuilder> Bump(string region, Column column, int offset) => b =>
    {
        var start = b.Regions.First(r => r.Name == region).Start;
        b.Assign(column, start + offset, b.ValueOf(column.At(start + offset)) + Fr.One);
    };
}
