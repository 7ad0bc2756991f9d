using System.Runtime.CompilerServices;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Poseidon;

/// <summary>
/// Eight Poseidon permutations at once on <typeparamref name="TL"/>'s lanes (two groups of 4 on AVX2), in the
/// optimised sparse form of <see cref="PoseidonPermutation.Permute"/> and bit-identical to it. A state element is
/// one block of 5 limb planes × 8 lanes (<see cref="PoseidonLaneConstants.Block"/> ulongs, stride 8).
/// </summary>
internal static class PoseidonLanes<TL> where TL : struct, IFieldLanes
{
    private const int Block = PoseidonLaneConstants.Block, Stride = 8;

    /// <summary>Hashes outputs[from..to) (circomlib: state [0, inputs…], output state[0]) eight at a time.</summary>
    public static void HashRange(PoseidonParameters parameters, Fr[] input, Fr[] output, int from, int to)
    {
        int t = parameters.Width, arity = t - 1;
        var constants = PoseidonLaneConstants.For(parameters);
        // State, then three scratch elements, then t for the matrix product.
        Span<ulong> buffer = stackalloc ulong[(2 * t + 3) * Block];
        Span<U256> lane = stackalloc U256[8];
        for (int i = from; i < to; i += 8)
        {
            int count = Math.Min(8, to - i);
            buffer.Clear();
            for (int j = 0; j < arity; j++)
                for (int k = 0; k < count; k++)
                    LimbPlanes.Split(input[(i + k) * arity + j].Mont, ref buffer[(j + 1) * Block + k], Stride);
            Permute(parameters, constants, buffer);
            LimbPlanes.Join(buffer[..Block], Stride, lane);
            for (int k = 0; k < count; k++) output[i + k] = Fr.FromMontgomery(lane[k]);
        }
    }

    /// <summary>Permutes the t state elements at the start of buffer; the rest of buffer is scratch.</summary>
    private static void Permute(PoseidonParameters p, PoseidonLaneConstants c, Span<ulong> buffer)
    {
        int t = p.Width, half = p.FullRounds / 2;
        ref ulong state = ref buffer[0];
        ref ulong tmp = ref buffer[t * Block];
        ref ulong acc = ref buffer[(t + 1) * Block];
        ref ulong product = ref buffer[(t + 2) * Block];
        ref ulong mixed = ref buffer[(t + 3) * Block];
        for (int f = 0; f < half; f++)
        {
            FullSBox(ref state, t, c.FullRoundConstants, f * t, ref tmp);
            Mix(ref state, t, f == half - 1 ? c.PreSparseMatrix : c.Mds, ref product, ref mixed);
        }
        int stride = 2 * t - 1;
        for (int i = 0; i < p.PartialRounds; i++)
        {
            Apply(ref state, ref c.PartialRoundConstants[i * Block], Op.Add, ref state);
            Pow5(ref state, ref tmp);
            ref ulong s = ref c.SparseMatrices[i * stride * Block];
            // acc = Σ_j s_j·x_j with the new x0; then x_k += s_{t−1+k}·x0.
            Apply(ref state, ref s, Op.MulShifted, ref acc);
            for (int j = 1; j < t; j++)
            {
                Apply(ref At(ref state, j), ref At(ref s, j), Op.MulShifted, ref product);
                Apply(ref acc, ref product, Op.Add, ref acc);
            }
            for (int k = 1; k < t; k++)
            {
                Apply(ref state, ref At(ref s, t - 1 + k), Op.MulShifted, ref product);
                Apply(ref At(ref state, k), ref product, Op.Add, ref At(ref state, k));
            }
            Copy(ref acc, ref state);
        }
        for (int f = half; f < p.FullRounds; f++)
        {
            FullSBox(ref state, t, c.FullRoundConstants, f * t, ref tmp);
            Mix(ref state, t, c.Mds, ref product, ref mixed);
        }
    }

    private enum Op { Add, Mul, MulShifted, Square }

    private static ref ulong At(ref ulong first, int element) => ref Unsafe.Add(ref first, element * Block);

    /// <summary>d ← a op b on all 8 lanes (b unused for Square).</summary>
    private static void Apply(ref ulong a, ref ulong b, Op op, ref ulong d)
    {
        for (int i = 0; i < 8; i += TL.Lanes)
        {
            ref ulong ai = ref Unsafe.Add(ref a, i);
            ref ulong bi = ref Unsafe.Add(ref b, i);
            ref ulong di = ref Unsafe.Add(ref d, i);
            switch (op)
            {
                case Op.Add: TL.Add(ref ai, Stride, ref bi, Stride, ref di, Stride); break;
                case Op.Mul: TL.Mul(ref ai, Stride, ref bi, Stride, ref di, Stride); break;
                case Op.MulShifted: TL.MulShifted(ref ai, Stride, ref bi, Stride, ref di, Stride); break;
                default: TL.Square(ref ai, Stride, ref di, Stride); break;
            }
        }
    }

    private static void Copy(ref ulong src, ref ulong dst)
    {
        for (int i = 0; i < Block; i++) Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
    }

    /// <summary>x ← x^5 (tmp is scratch).</summary>
    private static void Pow5(ref ulong x, ref ulong tmp)
    {
        Apply(ref x, ref x, Op.Square, ref tmp);
        Apply(ref tmp, ref tmp, Op.Square, ref tmp);
        Apply(ref tmp, ref x, Op.Mul, ref x);
    }

    private static void FullSBox(ref ulong state, int t, ulong[] constants, int offset, ref ulong tmp)
    {
        for (int j = 0; j < t; j++)
        {
            ref ulong x = ref At(ref state, j);
            Apply(ref x, ref constants[(offset + j) * Block], Op.Add, ref x);
            Pow5(ref x, ref tmp);
        }
    }

    /// <summary>state ← matrix·state (row-major t×t, shifted entries).</summary>
    private static void Mix(ref ulong state, int t, ulong[] matrix, ref ulong product, ref ulong mixed)
    {
        for (int r = 0; r < t; r++)
        {
            ref ulong row = ref matrix[r * t * Block];
            ref ulong sum = ref At(ref mixed, r);
            Apply(ref state, ref row, Op.MulShifted, ref sum);
            for (int j = 1; j < t; j++)
            {
                Apply(ref At(ref state, j), ref At(ref row, j), Op.MulShifted, ref product);
                Apply(ref sum, ref product, Op.Add, ref sum);
            }
        }
        for (int r = 0; r < t; r++) Copy(ref At(ref mixed, r), ref At(ref state, r));
    }
}
