using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Poseidon;

/// <summary>
/// The constants of one Poseidon instance (width t, x^5 S-box). Data only: src/Merkle generates circomlib's
/// values; the backends run the permutation on them.
/// </summary>
public sealed class PoseidonParameters
{
    public PoseidonParameters(int width, int fullRounds, int partialRounds, Fr[] roundConstants, Fr[] mds)
    {
        if (width < 2) throw new ArgumentOutOfRangeException(nameof(width));
        if (roundConstants.Length != width * (fullRounds + partialRounds))
            throw new ArgumentException($"Expected {width * (fullRounds + partialRounds)} round constants, got {roundConstants.Length}.");
        if (mds.Length != width * width) throw new ArgumentException($"Expected a {width}×{width} MDS matrix.");
        Width = width;
        FullRounds = fullRounds;
        PartialRounds = partialRounds;
        RoundConstants = roundConstants;
        Mds = mds;
    }

    public int Width { get; }
    public int FullRounds { get; }
    public int PartialRounds { get; }
    /// <summary>Round-major: constant j of round i is at [i·Width + j].</summary>
    public Fr[] RoundConstants { get; }
    /// <summary>Row-major Width×Width.</summary>
    public Fr[] Mds { get; }
}
