using ZkmlGpu.Field;
using ZkmlGpu.Gpu;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>
/// A KZG pairing check e(L, G2) = e(R, τ·G2) kept as two unevaluated sums L = Σ s_i·P_i and R = Σ t_j·Q_j, so that
/// many checks can be folded with random weights (<see cref="Add"/>) and evaluated with one MSM per side and one
/// two-pairing product. Terms on the same point are merged (keys' commitments and the generator recur in a batch),
/// which keeps the MSMs small.
/// </summary>
public sealed class KzgAccumulator
{
    private readonly List<G1Affine> _leftPoints = [], _rightPoints = [];
    private readonly List<Fr> _leftScalars = [], _rightScalars = [];
    private readonly Dictionary<G1Affine, int> _leftIndex = [], _rightIndex = [];

    /// <summary>Distinct points on both sides.</summary>
    public int TermCount => _leftPoints.Count + _rightPoints.Count;

    public void AddLeft(G1Affine point, Fr scalar) => Add(_leftPoints, _leftScalars, _leftIndex, point, scalar);
    public void AddRight(G1Affine point, Fr scalar) => Add(_rightPoints, _rightScalars, _rightIndex, point, scalar);

    private static void Add(List<G1Affine> points, List<Fr> scalars, Dictionary<G1Affine, int> index, G1Affine point, Fr scalar)
    {
        if (index.TryGetValue(point, out int i))
        {
            scalars[i] += scalar;
            return;
        }
        index[point] = points.Count;
        points.Add(point);
        scalars.Add(scalar);
    }

    /// <summary>Adds weight·other: the sum of two checks holds for random weights only if each holds (up to ~1/r).</summary>
    public void Add(KzgAccumulator other, Fr weight)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < other._leftPoints.Count; i++) AddLeft(other._leftPoints[i], weight * other._leftScalars[i]);
        for (int i = 0; i < other._rightPoints.Count; i++) AddRight(other._rightPoints[i], weight * other._rightScalars[i]);
    }

    /// <summary>(L, R) by one MSM each on <paramref name="device"/>.</summary>
    public (G1Affine Left, G1Affine Right) Evaluate(IComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return (Sum(device, _leftPoints, _leftScalars), Sum(device, _rightPoints, _rightScalars));
    }

    /// <summary>e(L, G2) = e(R, τ·G2) under <paramref name="vk"/>.</summary>
    public bool Check(KzgVerifierKey vk, IComputeDevice device)
    {
        ArgumentNullException.ThrowIfNull(vk);
        var (left, right) = Evaluate(device);
        return vk.PairingCheck(left, right);
    }

    private static G1Affine Sum(IComputeDevice device, List<G1Affine> points, List<Fr> scalars) =>
        points.Count == 0 ? G1Affine.Infinity : device.Msm(points.ToArray(), scalars.ToArray()).ToAffine();
}
