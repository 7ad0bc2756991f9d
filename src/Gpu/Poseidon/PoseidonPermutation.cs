using System.Runtime.CompilerServices;
using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Poseidon;

/// <summary>
/// The Poseidon permutation on the host, in the plain form (the specification, kept as the reference) and the
/// optimised sparse form (what the backends run); both are defined in <see cref="PoseidonParameters"/>.
/// No allocation: scratch space is on the stack.
/// </summary>
public static class PoseidonPermutation
{
    /// <summary>The largest width supported (circomlib's Poseidon goes up to t = 17).</summary>
    public const int MaxWidth = 32;

    /// <summary>The permutation as specified: every round adds t constants and multiplies by the dense MDS.</summary>
    public static void PermuteReference(PoseidonParameters parameters, Span<Fr> state)
    {
        int t = CheckState(parameters, state);
        int half = parameters.FullRounds / 2, rounds = parameters.FullRounds + parameters.PartialRounds;
        Span<Fr> scratch = stackalloc Fr[t];
        ReadOnlySpan<Fr> constants = parameters.RoundConstants;
        for (int r = 0; r < rounds; r++)
        {
            var c = constants.Slice(r * t, t);
            for (int j = 0; j < t; j++) state[j] += c[j];
            bool full = r < half || r >= half + parameters.PartialRounds;
            if (full) for (int j = 0; j < t; j++) state[j] = Pow5(state[j]);
            else state[0] = Pow5(state[0]);
            Mix(parameters.Mds, state, scratch);
        }
    }

    /// <summary>The optimised permutation (appendix B of the Poseidon paper); equal to <see cref="PermuteReference"/>.</summary>
    public static void Permute(PoseidonParameters parameters, Span<Fr> state)
    {
        int t = CheckState(parameters, state);
        if (t == 3) { Permute3(parameters, state); return; }
        int half = parameters.FullRounds / 2;
        Span<Fr> scratch = stackalloc Fr[t];
        ReadOnlySpan<Fr> full = parameters.OptimizedFullRoundConstants;
        for (int f = 0; f < half; f++)
        {
            FullSBox(state, full.Slice(f * t, t));
            Mix(f == half - 1 ? parameters.PreSparseMatrix : parameters.Mds, state, scratch);
        }
        ReadOnlySpan<Fr> partial = parameters.OptimizedPartialRoundConstants;
        ReadOnlySpan<Fr> sparse = parameters.SparseMatrices;
        int stride = 2 * t - 1;
        for (int i = 0; i < partial.Length; i++)
        {
            Fr x0 = Pow5(state[0] + partial[i]);
            var s = sparse.Slice(i * stride, stride);
            Fr sum = s[0] * x0;
            for (int j = 1; j < t; j++)
            {
                sum += s[j] * state[j];
                state[j] += s[t - 1 + j] * x0;
            }
            state[0] = sum;
        }
        for (int f = half; f < parameters.FullRounds; f++)
        {
            FullSBox(state, full.Slice(f * t, t));
            Mix(parameters.Mds, state, scratch);
        }
    }

    /// <summary>The t = 3 case (Merkle nodes) with the state in registers.</summary>
    private static void Permute3(PoseidonParameters parameters, Span<Fr> state)
    {
        Fr a = state[0], b = state[1], c = state[2];
        int half = parameters.FullRounds / 2;
        ReadOnlySpan<Fr> full = parameters.OptimizedFullRoundConstants;
        ReadOnlySpan<Fr> mds = parameters.Mds;
        for (int f = 0; f < half; f++)
        {
            a = Pow5(a + full[3 * f]); b = Pow5(b + full[3 * f + 1]); c = Pow5(c + full[3 * f + 2]);
            Mix3(f == half - 1 ? parameters.PreSparseMatrix : mds, ref a, ref b, ref c);
        }
        ReadOnlySpan<Fr> partial = parameters.OptimizedPartialRoundConstants;
        ReadOnlySpan<Fr> sparse = parameters.SparseMatrices;
        for (int i = 0; i < partial.Length; i++)
        {
            Fr x0 = Pow5(a + partial[i]);
            var s = sparse.Slice(i * 5, 5);
            a = s[0] * x0 + s[1] * b + s[2] * c;
            b += s[3] * x0;
            c += s[4] * x0;
        }
        for (int f = half; f < parameters.FullRounds; f++)
        {
            a = Pow5(a + full[3 * f]); b = Pow5(b + full[3 * f + 1]); c = Pow5(c + full[3 * f + 2]);
            Mix3(mds, ref a, ref b, ref c);
        }
        state[0] = a; state[1] = b; state[2] = c;
    }

    /// <summary>circomlib's hash: state [0, inputs…], permuted, output state[0]. inputs.Length must be Width − 1.</summary>
    public static Fr Hash(PoseidonParameters parameters, ReadOnlySpan<Fr> inputs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (inputs.Length != parameters.Width - 1)
            throw new ArgumentException($"Poseidon of width {parameters.Width} hashes {parameters.Width - 1} inputs, got {inputs.Length}.");
        Span<Fr> state = stackalloc Fr[parameters.Width];
        state[0] = Fr.Zero;
        inputs.CopyTo(state[1..]);
        Permute(parameters, state);
        return state[0];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fr Pow5(Fr x)
    {
        Fr x2 = x.Square();
        return x2.Square() * x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FullSBox(Span<Fr> state, ReadOnlySpan<Fr> constants)
    {
        for (int j = 0; j < state.Length; j++) state[j] = Pow5(state[j] + constants[j]);
    }

    private static void Mix(ReadOnlySpan<Fr> matrix, Span<Fr> state, Span<Fr> scratch)
    {
        int t = state.Length;
        for (int i = 0; i < t; i++)
        {
            var row = matrix.Slice(i * t, t);
            Fr sum = row[0] * state[0];
            for (int j = 1; j < t; j++) sum += row[j] * state[j];
            scratch[i] = sum;
        }
        scratch.CopyTo(state);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix3(ReadOnlySpan<Fr> m, ref Fr a, ref Fr b, ref Fr c)
    {
        Fr na = m[0] * a + m[1] * b + m[2] * c;
        Fr nb = m[3] * a + m[4] * b + m[5] * c;
        c = m[6] * a + m[7] * b + m[8] * c;
        a = na; b = nb;
    }

    private static int CheckState(PoseidonParameters parameters, Span<Fr> state)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (state.Length != parameters.Width)
            throw new ArgumentException($"The Poseidon state has {parameters.Width} elements, got {state.Length}.");
        return parameters.Width;
    }
}
