using System.Collections.Concurrent;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Gpu.Cpu;

public sealed partial class CpuDevice
{
    /// <summary>Below this many hashes the batch runs on the calling thread (scheduling costs more than it saves).</summary>
    private const int PoseidonParallelThreshold = 64;

    public void PoseidonHash(PoseidonParameters parameters, FrVector inputs, FrVector outputs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Fr[] input = Unwrap(inputs), output = Unwrap(outputs);
        int arity = parameters.Width - 1;
        if ((long)output.Length * arity != input.Length)
            throw new ArgumentException(
                $"Poseidon of width {parameters.Width} needs {arity} inputs per output: {output.Length} outputs need {(long)output.Length * arity} inputs, got {input.Length}.");
        if (output.Length < PoseidonParallelThreshold)
        {
            HashRange(parameters, input, output, 0, output.Length);
            return;
        }
        // Contiguous ranges, a few per core, so each worker streams through memory.
        int rangeSize = (Math.Max(PoseidonParallelThreshold / 4, output.Length / (Environment.ProcessorCount * 4)) + 7) & ~7; // whole lane groups
        Parallel.ForEach(Partitioner.Create(0, output.Length, rangeSize),
            range => HashRange(parameters, input, output, range.Item1, range.Item2));
    }

    private static void HashRange(PoseidonParameters parameters, Fr[] input, Fr[] output, int from, int to)
    {
        // Eight permutations at once on the vector lanes (bit-identical to the scalar permutation).
        switch (SimdWidth.Current)
        {
            case 8: PoseidonLanes<FrLanes512>.HashRange(parameters, input, output, from, to); return;
            case 4: PoseidonLanes<FrLanes256>.HashRange(parameters, input, output, from, to); return;
        }
        int t = parameters.Width, arity = t - 1;
        Span<Fr> state = stackalloc Fr[t];
        for (int i = from; i < to; i++)
        {
            state[0] = Fr.Zero;
            input.AsSpan(i * arity, arity).CopyTo(state[1..]);
            PoseidonPermutation.Permute(parameters, state);
            output[i] = state[0];
        }
    }
}
