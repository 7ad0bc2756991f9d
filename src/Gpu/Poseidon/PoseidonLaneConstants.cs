using System.Runtime.CompilerServices;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Poseidon;

/// <summary>
/// The optimised-form constants of one <see cref="PoseidonParameters"/> broadcast to 8 lanes as limb planes
/// (<see cref="Block"/> ulongs each, stride 8), built once per parameter set: round constants plain (they are added),
/// matrix entries shifted (they are a product's second operand).
/// </summary>
internal sealed class PoseidonLaneConstants
{
    /// <summary>One element in 8 lanes: 5 limb planes of stride 8.</summary>
    public const int Block = LimbPlanes.Limbs * 8;

    private static readonly ConditionalWeakTable<PoseidonParameters, PoseidonLaneConstants> Cache = new();

    public static PoseidonLaneConstants For(PoseidonParameters parameters) =>
        Cache.GetValue(parameters, p => new PoseidonLaneConstants(p));

    private PoseidonLaneConstants(PoseidonParameters p)
    {
        FullRoundConstants = Broadcast(p.OptimizedFullRoundConstants, shifted: false);
        PartialRoundConstants = Broadcast(p.OptimizedPartialRoundConstants, shifted: false);
        Mds = Broadcast(p.Mds, shifted: true);
        PreSparseMatrix = Broadcast(p.PreSparseMatrix, shifted: true);
        SparseMatrices = Broadcast(p.SparseMatrices, shifted: true);
    }

    public ulong[] FullRoundConstants { get; }
    public ulong[] PartialRoundConstants { get; }
    public ulong[] Mds { get; }
    public ulong[] PreSparseMatrix { get; }
    public ulong[] SparseMatrices { get; }

    private static ulong[] Broadcast(Fr[] values, bool shifted)
    {
        var result = new ulong[values.Length * Block];
        for (int i = 0; i < values.Length; i++)
            for (int k = 0; k < 8; k++)
                if (shifted) LimbPlanes.SplitShifted(values[i].Mont, ref result[i * Block + k], 8);
                else LimbPlanes.Split(values[i].Mont, ref result[i * Block + k], 8);
        return result;
    }
}
