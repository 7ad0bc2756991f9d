using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Ilgpu;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>A fact that runs only where a usable CUDA device exists; elsewhere it is reported as skipped.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!CudaTestDevice.Present) Skip = "no CUDA device";
    }
}

/// <summary>One ILGPU CPU-accelerator device shared by the CPU-accelerator test classes (kernels compile once).</summary>
public sealed class IlgpuCpuFixture : IDisposable
{
    internal IlgpuDevice Device { get; } = IlgpuDevices.OpenCpuAccelerator();
    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class IlgpuCpuCollection : ICollectionFixture<IlgpuCpuFixture>
{
    public const string Name = "ILGPU CPU accelerator";
}

/// <summary>cuda:0, opened on first use by a [CudaFact] test or the CUDA contract tests.</summary>
internal static class CudaTestDevice
{
    private static readonly Lazy<IlgpuDevice> Lazy = new(() => IlgpuDevices.Open(new DeviceSpec(DeviceKind.Cuda, 0)));
    private static readonly Lazy<bool> IsPresent = new(() => IlgpuDevices.List().Any(d => d.Spec.Kind == DeviceKind.Cuda && d.Usable));
    public static IlgpuDevice Device => Lazy.Value;
    public static bool Present => IsPresent.Value;
}

/// <summary>Independent references for the kernel tests (schoolbook definitions, no shared code with the kernels).</summary>
internal static class IlgpuReference
{
    public static Fr[] RandomFr(Random rng, int n)
    {
        var v = new Fr[n];
        for (int i = 0; i < n; i++) v[i] = Fr.Random(rng);
        return v;
    }

    /// <summary>eval[i] = Σ_j a_j·(shift·ω^i)^j by Horner: O(n²).</summary>
    public static Fr[] NaiveEvaluate(Fr[] coeffs, Fr shift, bool inverseRoot = false)
    {
        int n = coeffs.Length;
        Fr omega = Fr.RootOfUnity(BitOperations.Log2((uint)n));
        if (inverseRoot) omega = omega.Inverse();
        var result = new Fr[n];
        Fr x = shift;
        for (int i = 0; i < n; i++)
        {
            Fr acc = Fr.Zero;
            for (int j = n - 1; j >= 0; j--) acc = acc * x + coeffs[j];
            result[i] = acc;
            x *= omega;
        }
        return result;
    }

    /// <summary>k·P by double-and-add over the canonical bits.</summary>
    public static G1Jacobian ScalarMul(G1Jacobian p, Fr k)
    {
        BigInteger e = k.ToBigInteger();
        G1Jacobian acc = G1Jacobian.Infinity;
        for (int i = (int)e.GetBitLength() - 1; i >= 0; i--)
        {
            acc = acc.Double();
            if (!(e >> i).IsEven) acc += p;
        }
        return acc;
    }

    public static G1Affine RandomPoint(Random rng) => ScalarMul(G1Jacobian.Generator, Fr.Random(rng)).ToAffine();

    public static G1Jacobian NaiveMsm(G1Affine[] bases, Fr[] scalars)
    {
        G1Jacobian acc = G1Jacobian.Infinity;
        for (int i = 0; i < scalars.Length; i++)
            if (!bases[i].IsInfinity) acc += ScalarMul(bases[i].ToJacobian(), scalars[i]);
        return acc;
    }

    /// <summary>Random (not secure) Poseidon constants with the circomlib round structure, for any width.</summary>
    public static PoseidonParameters RandomPoseidon(Random rng, int width, int fullRounds = 8, int partialRounds = 57) =>
        new(width, fullRounds, partialRounds, RandomFr(rng, width * (fullRounds + partialRounds)), RandomFr(rng, width * width));

    /// <summary>circomlibjs' poseidon_reference: ARK, S-box (all in full rounds, state[0] in partial ones), MDS (row-major).</summary>
    public static Fr PoseidonReference(PoseidonParameters p, ReadOnlySpan<Fr> inputs)
    {
        int t = p.Width;
        var state = new Fr[t];
        for (int j = 1; j < t; j++) state[j] = inputs[j - 1];
        int rounds = p.FullRounds + p.PartialRounds;
        for (int r = 0; r < rounds; r++)
        {
            bool full = r < p.FullRounds / 2 || r >= p.FullRounds / 2 + p.PartialRounds;
            for (int j = 0; j < t; j++)
            {
                state[j] += p.RoundConstants[r * t + j];
                if (full || j == 0) state[j] = state[j].Square().Square() * state[j];
            }
            var next = new Fr[t];
            for (int i = 0; i < t; i++)
                for (int j = 0; j < t; j++) next[i] += p.Mds[i * t + j] * state[j];
            state = next;
        }
        return state[0];
    }
}
