using System.Text.Json;
using ZkmlGpu.Cli;

namespace ZkmlGpu.Cli.Tests;

/// <summary>`zkml-gpu devices` and `zkml-gpu gpu-check` on ILGPU's CPU accelerator (no GPU needed).</summary>
[Collection("Console")]
public class GpuCheckCommandTests
{
    [Fact]
    public void DevicesListsTheCpuBackendFirst()
    {
        var (exit, stdout, _) = ConsoleRunner.Run("devices");
        Assert.Equal(0, exit);
        Assert.StartsWith("cpu ", stdout);
        Assert.Contains("memory", stdout);
    }

    [Fact]
    public void GpuCheckOnTheCpuAcceleratorPassesAndWritesJson()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gpu-check-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, stdout, stderr) = ConsoleRunner.Run("gpu-check", "--device", "ilgpu-cpu", "--min-log", "4", "--max-log", "5", "--runs", "1", "--out", path);
            Assert.True(exit == 0, stdout + stderr);
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            Assert.True(doc.RootElement.GetProperty("allChecksPassed").GetBoolean());
            Assert.Equal(7, doc.RootElement.GetProperty("checks").GetArrayLength());
            var ops = doc.RootElement.GetProperty("benchmarks").EnumerateArray().Select(b => b.GetProperty("op").GetString()).ToHashSet();
            Assert.Subset(ops, new HashSet<string?> { "msm", "ntt-forward", "ntt-inverse", "coset-ntt-forward", "poseidon-t3" });
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("cuda:7")]
    [InlineData("opencl:9")]
    [InlineData("cpu")]
    [InlineData("tpu:0")]
    public void GpuCheckRejectsUnusableDevices(string device)
    {
        var (exit, _, stderr) = ConsoleRunner.Run("gpu-check", "--device", device);
        Assert.Equal(2, exit);
        Assert.StartsWith("error:", stderr);
    }

    [Fact]
    public void GpuCheckRejectsBadSizes()
    {
        var (exit, _, stderr) = ConsoleRunner.Run("gpu-check", "--device", "ilgpu-cpu", "--min-log", "9", "--max-log", "8");
        Assert.Equal(2, exit);
        Assert.Contains("--min-log", stderr);
    }
}
