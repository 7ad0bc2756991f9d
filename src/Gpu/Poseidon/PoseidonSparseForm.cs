using System.Runtime.CompilerServices;
using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Poseidon;

/// <summary>Derives the optimised (sparse-matrix) form of <see cref="PoseidonParameters"/>; see its documentation.</summary>
internal static class PoseidonSparseForm
{
    // Runs once per parameter set: compile optimised straight away instead of running the field arithmetic at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (Fr[] FullConstants, Fr[] PartialConstants, Fr[] PreSparse, Fr[] Sparse) Derive(
        int t, int fullRounds, int partialRounds, Fr[] roundConstants, Fr[] mds)
    {
        int half = fullRounds / 2;
        int rounds = fullRounds + partialRounds;
        var k = (Fr[])roundConstants.Clone();

        // 1. Move each partial round's constants for x[1..] through its S-box and MDS into the next round.
        Span<Fr> rest = stackalloc Fr[t];
        Span<Fr> moved = stackalloc Fr[t];
        for (int r = half; r < half + partialRounds; r++)
        {
            rest[0] = Fr.Zero;
            for (int j = 1; j < t; j++) { rest[j] = k[r * t + j]; k[r * t + j] = Fr.Zero; }
            MatVec(mds, t, rest, moved);
            for (int j = 0; j < t; j++) k[(r + 1) * t + j] += moved[j];
        }

        var full = new Fr[fullRounds * t];
        Array.Copy(k, 0, full, 0, half * t);
        Array.Copy(k, (half + partialRounds) * t, full, half * t, half * t);
        var partial = new Fr[partialRounds];
        for (int i = 0; i < partialRounds; i++) partial[i] = k[(half + i) * t];

        // 2. Split each partial round's matrix as Sparse·diag(1, Â), pushing diag(1, Â) into the round before.
        int stride = 2 * t - 1, n = t - 1;
        var sparse = new Fr[partialRounds * stride];
        var current = (Fr[])mds.Clone();
        var hat = new Fr[n * n];
        for (int i = partialRounds - 1; i >= 0; i--)
        {
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++) hat[r * n + c] = current[(r + 1) * t + c + 1];
            Fr[] hatInverse = Invert(hat, n);
            int o = i * stride;
            sparse[o] = current[0];
            for (int c = 0; c < n; c++)
            {
                Fr sum = Fr.Zero; // (bᵀ Â⁻¹)_c
                for (int j = 0; j < n; j++) sum += current[j + 1] * hatInverse[j * n + c];
                sparse[o + 1 + c] = sum;
            }
            for (int r = 0; r < n; r++) sparse[o + t + r] = current[(r + 1) * t];

            // current = diag(1, Â) · Mds
            var next = new Fr[t * t];
            for (int c = 0; c < t; c++) next[c] = mds[c];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < t; c++)
                {
                    Fr sum = Fr.Zero;
                    for (int j = 0; j < n; j++) sum += hat[r * n + j] * mds[(j + 1) * t + c];
                    next[(r + 1) * t + c] = sum;
                }
            current = next;
        }
        return (full, partial, current, sparse);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MatVec(Fr[] m, int t, ReadOnlySpan<Fr> x, Span<Fr> y)
    {
        for (int i = 0; i < t; i++)
        {
            Fr sum = Fr.Zero;
            for (int j = 0; j < t; j++) sum += m[i * t + j] * x[j];
            y[i] = sum;
        }
    }

    /// <summary>Gauss–Jordan inverse of a row-major n×n matrix; throws if it is singular.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Fr[] Invert(ReadOnlySpan<Fr> matrix, int n)
    {
        var a = matrix.ToArray();
        var inv = new Fr[n * n];
        for (int i = 0; i < n; i++) inv[i * n + i] = Fr.One;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (pivot < n && a[pivot * n + col].IsZero) pivot++;
            if (pivot == n) throw new ArgumentException("The MDS matrix has a singular submatrix: it cannot be put into sparse form.");
            if (pivot != col)
                for (int c = 0; c < n; c++)
                {
                    (a[col * n + c], a[pivot * n + c]) = (a[pivot * n + c], a[col * n + c]);
                    (inv[col * n + c], inv[pivot * n + c]) = (inv[pivot * n + c], inv[col * n + c]);
                }
            Fr scale = a[col * n + col].Inverse();
            for (int c = 0; c < n; c++) { a[col * n + c] *= scale; inv[col * n + c] *= scale; }
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                Fr f = a[r * n + col];
                if (f.IsZero) continue;
                for (int c = 0; c < n; c++) { a[r * n + c] -= f * a[col * n + c]; inv[r * n + c] -= f * inv[col * n + c]; }
            }
        }
        return inv;
    }
}
