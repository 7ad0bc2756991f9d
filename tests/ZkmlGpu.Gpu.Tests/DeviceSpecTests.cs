using ZkmlGpu.Gpu;

namespace ZkmlGpu.Gpu.Tests;

public class DeviceSpecTests
{
    [Theory]
    [InlineData("cpu", DeviceKind.Cpu, 0)]
    [InlineData("CPU", DeviceKind.Cpu, 0)]
    [InlineData("cpu:0", DeviceKind.Cpu, 0)]
    [InlineData("cuda", DeviceKind.Cuda, 0)]
    [InlineData("cuda:0", DeviceKind.Cuda, 0)]
    [InlineData("cuda:3", DeviceKind.Cuda, 3)]
    [InlineData("OpenCL:1", DeviceKind.OpenCL, 1)]
    [InlineData("  cuda:2  ", DeviceKind.Cuda, 2)]
    public void ParsesValidSpecs(string text, DeviceKind kind, int index)
    {
        var spec = DeviceSpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(index, spec.Index);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("cuda:0")]
    [InlineData("opencl:12")]
    public void ToStringRoundTrips(string text) => Assert.Equal(text, DeviceSpec.Parse(text).ToString());

    [Theory]
    [InlineData("gpu")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("vulkan:0")]
    [InlineData("cuda0")]
    public void RejectsUnknownKinds(string text)
    {
        var e = Assert.Throws<FormatException>(() => DeviceSpec.Parse(text));
        Assert.Contains("Unknown device", e.Message);
    }

    [Theory]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cuda:1.5")]
    [InlineData("opencl:+1")]
    [InlineData("cuda:99999999999")]
    public void RejectsBadIndices(string text)
    {
        var e = Assert.Throws<FormatException>(() => DeviceSpec.Parse(text));
        Assert.Contains("index", e.Message);
    }

    [Fact]
    public void RejectsSecondCpu() => Assert.Throws<FormatException>(() => DeviceSpec.Parse("cpu:1"));

    [Fact]
    public void RejectsNull() => Assert.Throws<ArgumentNullException>(() => DeviceSpec.Parse(null!));

    [Fact]
    public void ParsesListsInOrder()
    {
        var list = DeviceSpec.ParseList("cuda:0, cuda:1,opencl:0 ,cpu");
        Assert.Equal(
            new[] { new DeviceSpec(DeviceKind.Cuda, 0), new DeviceSpec(DeviceKind.Cuda, 1), new DeviceSpec(DeviceKind.OpenCL, 0), DeviceSpec.Cpu },
            list);
        Assert.Single(DeviceSpec.ParseList("cpu"));
    }

    [Theory]
    [InlineData("cuda:0,cuda:0")]
    [InlineData("cuda:1, CUDA:1")]
    [InlineData("cpu,cpu:0")]
    public void RejectsDuplicatesInLists(string text)
    {
        var e = Assert.Throws<FormatException>(() => DeviceSpec.ParseList(text));
        Assert.Contains("twice", e.Message);
    }

    [Theory]
    [InlineData("cuda:0,")]
    [InlineData(",cuda:0")]
    [InlineData("cuda:0,,cuda:1")]
    [InlineData("cuda:0, ,cuda:1")]
    [InlineData("")]
    public void RejectsEmptyEntriesInLists(string text)
    {
        var e = Assert.Throws<FormatException>(() => DeviceSpec.ParseList(text));
        Assert.Contains("Empty", e.Message);
    }

    [Fact]
    public void RejectsInvalidEntriesInLists() => Assert.Throws<FormatException>(() => DeviceSpec.ParseList("cuda:0,tpu:0"));

    [Fact]
    public void OpensTheCpu()
    {
        using var device = ComputeDevices.Open("cpu");
        Assert.Equal(DeviceSpec.Cpu, device.Spec);
        Assert.Contains("CPU", device.Description);
    }

    [Fact]
    public void AbsentDeviceGivesClearError()
    {
        // This machine has no 1000th CUDA device whatever backends are built in.
        var e = Assert.Throws<DeviceNotFoundException>(() => ComputeDevices.Open("cuda:999"));
        Assert.Contains("cuda:999", e.Message);
    }

    [Fact]
    public void OpenRejectsMalformedSpec() => Assert.Throws<FormatException>(() => ComputeDevices.Open("gpu:0"));
}
