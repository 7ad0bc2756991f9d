using ILGPU;
using ILGPU.Runtime;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Gpu.Ilgpu;

public sealed partial class IlgpuDevice
{
    // The constants of the last parameter set stay on the device (Merkle levels reuse one set).
    private PoseidonParameters? _poseidonParams;
    private MemoryBuffer1D<U32x8, Stride1D.Dense>? _poseidonRc, _poseidonMds;
    private readonly ScratchBuffer<U32x8> _poseidonScratch = new();

    public void PoseidonHash(PoseidonParameters parameters, FrVector inputs, FrVector outputs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        lock (_gate)
        {
            ThrowIfDisposed();
            var input = Unwrap(inputs);
            var output = Unwrap(outputs);
            int t = parameters.Width;
            if ((long)output.Length * (t - 1) != input.Length)
                throw new ArgumentException($"Poseidon width {t} hashes groups of {t - 1} inputs: {output.Length} outputs need {(long)output.Length * (t - 1)} inputs, got {input.Length}.");
            int count = output.Length;
            if (count == 0) return;
            if (!ReferenceEquals(parameters, _poseidonParams)) UploadPoseidon(parameters);
            if (t == 3)
            {
                Kernels.Poseidon3(count, input.View, output.View, _poseidonRc!.View, _poseidonMds!.View, parameters.FullRounds, parameters.PartialRounds);
            }
            else
            {
                // Batches bound the per-hash scratch state (2t elements each).
                const int batch = 1 << 20;
                var scratch = _poseidonScratch.Get(Accelerator, 2L * t * Math.Min(batch, count));
                for (int offset = 0; offset < count; offset += batch)
                {
                    int len = Math.Min(batch, count - offset);
                    Kernels.PoseidonAny(len, input.View.SubView((long)offset * (t - 1), (long)len * (t - 1)), output.View.SubView(offset, len),
                        scratch, _poseidonRc!.View, _poseidonMds!.View, t, parameters.FullRounds, parameters.PartialRounds);
                }
            }
            Accelerator.Synchronize();
        }
    }

    private void UploadPoseidon(PoseidonParameters p)
    {
        _poseidonRc?.Dispose(); _poseidonMds?.Dispose();
        _poseidonParams = null;
        _poseidonRc = Accelerator.Allocate1D<U32x8>(Math.Max(p.RoundConstants.Length, 1));
        _poseidonMds = Accelerator.Allocate1D<U32x8>(p.Mds.Length);
        _poseidonRc.View.SubView(0, p.RoundConstants.Length).Upload<U32x8>(Array.ConvertAll(p.RoundConstants, ToK));
        _poseidonMds.View.Upload<U32x8>(Array.ConvertAll(p.Mds, ToK));
        _poseidonParams = p;
    }

    private void DisposeCaches()
    {
        _twForward?.Dispose(); _twInverse?.Dispose();
        _powTable.Dispose();
        _poseidonRc?.Dispose(); _poseidonMds?.Dispose(); _poseidonScratch.Dispose();
        _msmKeys.Dispose(); _msmValues.Dispose(); _msmSortTemp.Dispose(); _msmStarts.Dispose();
        _msmBuckets.Dispose(); _msmWeighted.Dispose(); _msmPlain.Dispose();
        _msmA.Dispose(); _msmV.Dispose(); _msmP.Dispose();
    }
}
