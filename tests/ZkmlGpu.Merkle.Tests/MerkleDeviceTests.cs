using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Merkle.Tests;

public class MerkleDeviceTests
{
    /// <summary>Forwards to the CPU backend and records each batched Poseidon call.</summary>
    private sealed class RecordingDevice : IComputeDevice
    {
        private readonly CpuDevice _inner = new();
        public List<(int Width, int Count)> PoseidonCalls { get; } = [];
        public DeviceSpec Spec => _inner.Spec;
        public string Description => "recording " + _inner.Description;
        public FrVector Allocate(int length) => _inner.Allocate(length);
        public FrVector Upload(ReadOnlySpan<Fr> values) => _inner.Upload(values);
        public G1Bases UploadBases(ReadOnlySpan<G1Affine> points) => _inner.UploadBases(points);
        public void Ntt(FrVector values, NttDirection direction) => _inner.Ntt(values, direction);
        public void CosetNtt(FrVector values, Fr shift, NttDirection direction) => _inner.CosetNtt(values, shift, direction);
        public G1Jacobian Msm(G1Bases bases, FrVector scalars) => _inner.Msm(bases, scalars);
        public void PoseidonHash(PoseidonParameters parameters, FrVector inputs, FrVector outputs)
        {
            PoseidonCalls.Add((parameters.Width, outputs.Length));
            _inner.PoseidonHash(parameters, inputs, outputs);
        }
        public void Dispose() => _inner.Dispose();
    }

    [Fact]
    public void TreeIsHashedOneBatchPerLevelOnTheGivenDevice()
    {
        using var device = new RecordingDevice();
        var leaves = MerkleTreeTests.Leaves(21, 5);
        var tree = MerkleTree.Build(leaves, device);
        // 21 → 11 (10 pairs + 1 moved up) → 6 (5 pairs + 1) → 3 (3 pairs) → 2 (1 pair + 1) → 1.
        Assert.Equal([(3, 10), (3, 5), (3, 3), (3, 1), (3, 1)], device.PoseidonCalls);
        Assert.Equal(MerkleTreeTests.NaiveRoot(leaves), tree.Root);
        Assert.Equal(5, tree.Depth);
    }

    [Fact]
    public void SingleLeafAndEmptyTreesHashNothing()
    {
        using var device = new RecordingDevice();
        Assert.Equal(Fr.FromUInt64(9), MerkleTree.ComputeRoot([Fr.FromUInt64(9)], device));
        Assert.Equal(Fr.Zero, MerkleTree.ComputeRoot([], device));
        Assert.Empty(device.PoseidonCalls);
    }
}
