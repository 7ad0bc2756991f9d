using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>The multithreaded managed backend; vectors are host arrays, so uploads are plain copies.</summary>
public sealed partial class CpuDevice : IComputeDevice
{
    public DeviceSpec Spec => DeviceSpec.Cpu;
    public string Description => $"CPU ({Environment.ProcessorCount} cores, managed backend)";

    public FrVector Allocate(int length) => new CpuFrVector(this, new Fr[length]);
    public FrVector Upload(ReadOnlySpan<Fr> values) => new CpuFrVector(this, values.ToArray());
    public FrVector? Borrow(Fr[] values) => new CpuFrVector(this, values);
    public G1Bases UploadBases(ReadOnlySpan<G1Affine> points) => new CpuG1Bases(this, points.ToArray());

    internal static Fr[] Unwrap(FrVector v) =>
        v is CpuFrVector c ? c.Values : throw new ArgumentException("Vector belongs to another device.");
    internal static G1Affine[] Unwrap(G1Bases b) =>
        b is CpuG1Bases c ? c.Points : throw new ArgumentException("Bases belong to another device.");

    public void Dispose() { }
}

internal sealed class CpuFrVector : FrVector
{
    public CpuFrVector(CpuDevice device, Fr[] values) : base(device, values.Length) => Values = values;
    public Fr[] Values { get; }
    public override Memory<Fr>? HostMemory => Values;
    public override void CopyFrom(ReadOnlySpan<Fr> source) { CheckLength(source.Length); source.CopyTo(Values); }
    public override void CopyTo(Span<Fr> destination) { CheckLength(destination.Length); Values.CopyTo(destination); }
}

internal sealed class CpuG1Bases : G1Bases
{
    public CpuG1Bases(CpuDevice device, G1Affine[] points) : base(device, points.Length) => Points = points;
    public G1Affine[] Points { get; }
}
