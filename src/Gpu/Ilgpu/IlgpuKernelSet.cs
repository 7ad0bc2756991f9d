using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.RadixSortOperations;
using ILGPU.Runtime;

namespace ZkmlGpu.Gpu.Ilgpu;

/// <summary>The kernels of one accelerator, compiled on first use (compilation takes a while, so only what runs is built).</summary>
internal sealed class IlgpuKernelSet
{
    private readonly Accelerator _a;

    public IlgpuKernelSet(Accelerator accelerator)
    {
        _a = accelerator;
        _fieldOps = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>>(IlgpuKernels.FieldOps));
        _scale = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<U32x8>, U32x8>(IlgpuKernels.Scale));
        _bitReverse = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<U32x8>, int>(IlgpuKernels.BitReverse));
        _butterflyTile = new(() => _a.LoadStreamKernel<ArrayView<U32x8>, ArrayView<U32x8>, int, int, int>(IlgpuKernels.ButterflyTile));
        _powers = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, U32x8, int, int, int>(IlgpuKernels.Powers));
        _msmDigits = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<U32x8>, ArrayView<int>, ArrayView<int>, int, int, int>(IlgpuKernels.MsmDigits));
        _lowerBounds = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, int>(IlgpuKernels.LowerBounds));
        _bucketSums = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<G1AffineK>, ArrayView<G1JacK>, int>(IlgpuKernels.BucketSums));
        _segmentSums = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, int>(IlgpuKernels.SegmentSums));
        _chunkSums = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, int>(IlgpuKernels.ChunkSums));
        _sortPairs = new(() => _a.CreateRadixSortPairs<int, Stride1D.Dense, int, Stride1D.Dense, MsmKeyOrder>());
        _poseidon3 = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, int, int>(IlgpuKernels.Poseidon3));
        _poseidonAny = new(() => _a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, int, int, int>(IlgpuKernels.PoseidonAny));
    }

    private readonly Lazy<Action<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>>> _fieldOps;
    private readonly Lazy<Action<Index1D, ArrayView<U32x8>, U32x8>> _scale;
    private readonly Lazy<Action<Index1D, ArrayView<U32x8>, int>> _bitReverse;
    private readonly Lazy<Action<KernelConfig, ArrayView<U32x8>, ArrayView<U32x8>, int, int, int>> _butterflyTile;
    private readonly Lazy<Action<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, U32x8, int, int, int>> _powers;
    private readonly Lazy<Action<Index1D, ArrayView<U32x8>, ArrayView<int>, ArrayView<int>, int, int, int>> _msmDigits;
    private readonly Lazy<Action<Index1D, ArrayView<int>, ArrayView<int>, int>> _lowerBounds;
    private readonly Lazy<Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<G1AffineK>, ArrayView<G1JacK>, int>> _bucketSums;
    private readonly Lazy<Action<Index1D, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, int>> _segmentSums;
    private readonly Lazy<Action<Index1D, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, int>> _chunkSums;
    private readonly Lazy<RadixSortPairs<int, Stride1D.Dense, int, Stride1D.Dense>> _sortPairs;
    private readonly Lazy<Action<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, int, int>> _poseidon3;
    private readonly Lazy<Action<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, int, int, int>> _poseidonAny;

    public Action<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>> FieldOps => _fieldOps.Value;
    public Action<Index1D, ArrayView<U32x8>, U32x8> Scale => _scale.Value;
    public Action<Index1D, ArrayView<U32x8>, int> BitReverse => _bitReverse.Value;
    public Action<KernelConfig, ArrayView<U32x8>, ArrayView<U32x8>, int, int, int> ButterflyTile => _butterflyTile.Value;
    public Action<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, U32x8, int, int, int> Powers => _powers.Value;
    public Action<Index1D, ArrayView<U32x8>, ArrayView<int>, ArrayView<int>, int, int, int> MsmDigits => _msmDigits.Value;
    public Action<Index1D, ArrayView<int>, ArrayView<int>, int> LowerBounds => _lowerBounds.Value;
    public Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<G1AffineK>, ArrayView<G1JacK>, int> BucketSums => _bucketSums.Value;
    public Action<Index1D, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, int> SegmentSums => _segmentSums.Value;
    public Action<Index1D, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, ArrayView<G1JacK>, int> ChunkSums => _chunkSums.Value;
    public RadixSortPairs<int, Stride1D.Dense, int, Stride1D.Dense> SortPairs => _sortPairs.Value;
    public Action<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, int, int> Poseidon3 => _poseidon3.Value;
    public Action<Index1D, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, ArrayView<U32x8>, int, int, int> PoseidonAny => _poseidonAny.Value;

    public long SortTempElements(int length) => _a.ComputeRadixSortPairsTempStorageSize<int, int, MsmKeyOrder>(length);
}

/// <summary>Ascending order on the low 24 bits of an MSM key ((window &lt;&lt; c) | digit &lt; 2^24): fewer radix passes than 32 bits.</summary>
internal readonly struct MsmKeyOrder : IRadixSortOperation<int>
{
    public const int Bits = 24;
    public int NumBits => Bits;
    public int DefaultValue => (1 << Bits) - 1;
    public int ExtractRadixBits(int value, int shift, int bitMask) => (value >> shift) & bitMask;
}
