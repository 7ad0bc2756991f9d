using ZkmlGpu.Field;
using ZkmlGpu.Merkle;
using ZkmlGpu.Prover.Plonk;

namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>
/// The hiding boundary commitment of src/Merkle's <see cref="BoundaryCommitment"/> in-circuit:
/// Poseidon.Compress(Domain(n), LeanIMT root of the value cells, salt). The count n is a circuit constant (it fixes the
/// tree's shape and the block's capacity constant, both in the verifying key); the salt is private advice that
/// nothing else constrains — the two chunks on either side of a cut use the same salt, so their public commitments
/// agree exactly when they commit to the same values (see docs/boundary-commitments.md).
/// </summary>
public sealed class BoundaryCommitmentChip
{
    private readonly LeanImtChip _tree;

    public BoundaryCommitmentChip(ChipSet chips) : this(chips.Get<LeanImtChip>()) { }

    public BoundaryCommitmentChip(LeanImtChip tree) => _tree = tree;

    /// <summary>Rows the commitment of <paramref name="values"/> values takes: the tree's blocks and one more.</summary>
    public int Rows(int values) => _tree.Poseidon.RowsForBlocks(_tree.Blocks(values) + 1);

    /// <summary>Lays out the commitment of <paramref name="values"/> with <paramref name="salt"/> from <paramref name="offset"/>; returns the commitment cell and the salt cell.</summary>
    public (AssignedCell Commitment, AssignedCell Salt) Commit(Region region, int offset, IReadOnlyList<AssignedCell> values, Fr salt)
    {
        var root = _tree.Root(region, offset, values);
        int last = offset + _tree.Blocks(values.Count) * _tree.Poseidon.BlockRows;
        var commitment = _tree.Poseidon.Permute(region, last, BoundaryCommitment.Domain(values.Count), [(PoseidonInput.Of(root), PoseidonInput.Private(salt))])[0];
        return (commitment, new AssignedCell(_tree.Poseidon.InputCell(region, last, 0, 1), salt));
    }

    /// <summary>
    /// The "hashed" visibility of a tensor: lays out the commitment of <paramref name="values"/> in its own region
    /// named <paramref name="name"/> and exposes it as the next public input of <paramref name="instance"/>
    /// (an equality-enabled instance column). The values themselves stay private.
    /// </summary>
    public AssignedCell CommitPublic(CircuitBuilder builder, string name, Column instance, IReadOnlyList<AssignedCell> values, Fr salt)
    {
        var region = builder.Region(name, Rows(values.Count));
        var (commitment, _) = Commit(region, 0, values, salt);
        var input = builder.AddPublicInput(instance, commitment.Value);
        builder.ConstrainEqual(commitment.Cell, input.Cell);
        return input;
    }

    /// <summary>
    /// Like <see cref="CommitPublic"/> with the salt fixed: the salt cell is a copy of <paramref name="zero"/> (a
    /// constant-column cell holding 0), so the public element is <see cref="TensorHash.Of"/> of the values and
    /// nothing else — a free salt would let the prover publish a hash nobody could recompute.
    /// </summary>
    /// <summary>Tests playing a dishonest prover put another salt in hashed tensors' salt cells (always zero otherwise).</summary>
    internal Fr ClaimedHashSalt { get; set; } = Fr.Zero;

    public AssignedCell CommitHashed(CircuitBuilder builder, string name, Column instance, IReadOnlyList<AssignedCell> values, AssignedCell zero)
    {
        var region = builder.Region(name, Rows(values.Count));
        var (commitment, salt) = Commit(region, 0, values, ClaimedHashSalt);
        builder.ConstrainEqual(salt.Cell, zero.Cell);
        var input = builder.AddPublicInput(instance, commitment.Value);
        builder.ConstrainEqual(commitment.Cell, input.Cell);
        return input;
    }
}
