using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>Device discovery, opening errors, and PTX compilation of every kernel without a GPU.</summary>
public sealed class IlgpuBackendTests
{
    [Fact]
    public void EveryKernelCompilesToPtxWithCarryChains()
    {
        var ptx = IlgpuPtx.CompileAll();
        Assert.Equal(12, ptx.Count);
        Assert.All(ptx.Values, code => Assert.Contains(".entry", code));
        // The fast path: Montgomery products with carry-chain instructions.
        Assert.Contains("madc.hi.cc.u32", ptx[nameof(IlgpuKernels.FieldOps)]);
        Assert.Contains("madc.lo.cc.u32", ptx[nameof(IlgpuKernels.ButterflyTile)]);
    }

    [Fact]
    public void ListingNeverThrowsAndNamesEachKind()
    {
        var devices = IlgpuDevices.List();
        Assert.All(devices, d => Assert.NotEqual(DeviceKind.Cpu, d.Spec.Kind));
        Assert.All(devices, d => Assert.Equal(d.Usable, d.Problem is null));
    }

    [Fact]
    public void AbsentCudaAndOpenClDevicesThrowDeviceNotFound()
    {
        var present = IlgpuDevices.List();
        int cuda = present.Count(d => d.Spec.Kind == DeviceKind.Cuda);
        var ex = Assert.Throws<DeviceNotFoundException>(() => ComputeDevices.Open($"cuda:{cuda}"));
        Assert.Contains($"cuda:{cuda}", ex.Message);
        int cl = present.Count(d => d.Spec.Kind == DeviceKind.OpenCL);
        Assert.Throws<DeviceNotFoundException>(() => ComputeDevices.Open($"opencl:{cl}"));
        // An OpenCL device without generic address space support is listed but refused with the reason.
        foreach (var d in present.Where(d => !d.Usable))
        {
            var e = Assert.Throws<DeviceNotFoundException>(() => ComputeDevices.Open(d.Spec));
            Assert.Contains("generic address space", e.Message);
        }
    }

    [Fact]
    public void CpuSpecStillOpensTheManagedBackend()
    {
        using var d = ComputeDevices.Open("cpu");
        Assert.IsType<Cpu.CpuDevice>(d);
    }

    [Fact]
    public void CpuAcceleratorDeviceDescribesItself()
    {
        using var d = IlgpuDevices.OpenCpuAccelerator();
        Assert.Contains("CPU", d.Description);
        Assert.Contains("ILGPU", d.Description);
        d.Dispose();
        Assert.Throws<ObjectDisposedException>(() => d.Allocate(1));
    }
}
