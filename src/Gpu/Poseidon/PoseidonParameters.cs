using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Poseidon;

/// <summary>
/// The constants of one Poseidon instance (width t, x^5 S-box), in two equivalent forms. Data only: src/Merkle
/// generates circomlib's values; the backends run the permutation on them (<see cref="PoseidonPermutation"/>).
///
/// <para><b>Plain form</b> (<see cref="RoundConstants"/>, <see cref="Mds"/>), R = FullRounds + PartialRounds rounds,
/// the first FullRounds/2 and the last FullRounds/2 full, the rest partial. Round r:
/// <c>x[j] += RoundConstants[r·t + j]</c> for all j; then <c>x[j] = x[j]^5</c> for all j (full) or for j = 0 only
/// (partial); then <c>x = Mds · x</c>, i.e. <c>x'[i] = Σ_j Mds[i·t + j]·x[j]</c>.</para>
///
/// <para><b>Optimised form</b> (Poseidon paper, appendix B), derived here from the plain one; same output, with
/// Rf = FullRounds/2:
/// <list type="number">
/// <item>First Rf full rounds, f = 0..Rf−1: <c>x[j] += OptimizedFullRoundConstants[f·t + j]</c>; S-box on all;
/// then <c>x = Mds · x</c>, except the last of them (f = Rf−1) which uses <c>x = PreSparseMatrix · x</c>.</item>
/// <item>PartialRounds partial rounds, i = 0..PartialRounds−1: <c>x[0] += OptimizedPartialRoundConstants[i]</c>;
/// <c>x[0] = x[0]^5</c>; then the sparse matrix at <c>s = SparseMatrices[i·(2t−1) ..]</c>:
/// <c>x'[0] = Σ_{j=0..t−1} s[j]·x[j]</c> and <c>x'[k] = x[k] + s[t−1+k]·x[0]</c> for k = 1..t−1 (using the old x[0]).</item>
/// <item>Last Rf full rounds, f = Rf..FullRounds−1: <c>x[j] += OptimizedFullRoundConstants[f·t + j]</c>; S-box on all;
/// <c>x = Mds · x</c>.</item>
/// </list>
/// Derivation: a partial round's constants other than x[0] commute with its S-box, so they are moved through
/// its MDS into the next round's constants (leaving one scalar per partial round). Then, from the last partial
/// round backwards, its matrix A = [[a, bᵀ], [d, Â]] is split as A = S·D with S = [[a, bᵀÂ⁻¹], [d, I]] sparse and
/// D = diag(1, Â); D commutes with a partial round, so it is folded into the previous round's matrix (D·Mds).
/// The first partial round's D ends up in the last first-half full round: PreSparseMatrix = D·Mds.</para>
/// </summary>
public sealed class PoseidonParameters
{
    public PoseidonParameters(int width, int fullRounds, int partialRounds, Fr[] roundConstants, Fr[] mds)
    {
        ArgumentNullException.ThrowIfNull(roundConstants);
        ArgumentNullException.ThrowIfNull(mds);
        if (width < 2 || width > PoseidonPermutation.MaxWidth)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"Poseidon widths from 2 to {PoseidonPermutation.MaxWidth} are supported.");
        if (fullRounds < 2 || fullRounds % 2 != 0) throw new ArgumentOutOfRangeException(nameof(fullRounds), fullRounds, "The number of full rounds must be even and at least 2.");
        if (partialRounds < 0) throw new ArgumentOutOfRangeException(nameof(partialRounds), partialRounds, "The number of partial rounds cannot be negative.");
        if (roundConstants.Length != width * (fullRounds + partialRounds))
            throw new ArgumentException($"Expected {width * (fullRounds + partialRounds)} round constants, got {roundConstants.Length}.");
        if (mds.Length != width * width) throw new ArgumentException($"Expected a {width}×{width} MDS matrix.");
        Width = width;
        FullRounds = fullRounds;
        PartialRounds = partialRounds;
        RoundConstants = roundConstants;
        Mds = mds;
        (OptimizedFullRoundConstants, OptimizedPartialRoundConstants, PreSparseMatrix, SparseMatrices) =
            PoseidonSparseForm.Derive(width, fullRounds, partialRounds, roundConstants, mds);
    }

    /// <summary>The state size t (number of inputs + 1 in circomlib's hash).</summary>
    public int Width { get; }
    public int FullRounds { get; }
    public int PartialRounds { get; }
    /// <summary>Round-major: constant j of round i is at [i·Width + j].</summary>
    public Fr[] RoundConstants { get; }
    /// <summary>Row-major Width×Width.</summary>
    public Fr[] Mds { get; }

    /// <summary>Optimised form: FullRounds·Width constants, full round f (of the FullRounds full rounds in order) at [f·Width + j].</summary>
    public Fr[] OptimizedFullRoundConstants { get; }
    /// <summary>Optimised form: one constant per partial round, added to x[0] before its S-box.</summary>
    public Fr[] OptimizedPartialRoundConstants { get; }
    /// <summary>Optimised form: row-major Width×Width dense matrix of the last first-half full round.</summary>
    public Fr[] PreSparseMatrix { get; }
    /// <summary>
    /// Optimised form: 2·Width−1 values per partial round: first row [s_0 … s_{t−1}], then first column below the
    /// diagonal [d_1 … d_{t−1}]; the rest of the matrix is the identity.
    /// </summary>
    public Fr[] SparseMatrices { get; }

    /// <summary>Values per partial round in <see cref="SparseMatrices"/>.</summary>
    public int SparseMatrixStride => 2 * Width - 1;
}
