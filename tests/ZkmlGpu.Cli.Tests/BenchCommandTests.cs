using System.Text.Json;
using ZkmlGpu.Cli;

namespace ZkmlGpu.Cli.Tests;

/// <summary>Runs `zkml-gpu bench …` in process with redirected console streams.</summary>
[Collection("Console")]
public class BenchCommandTests
{
    [Theory]
    [InlineData("msm", 4)]
    [InlineData("ntt", 6)]
    public void PrintsOneJsonObjectPerRun(string op, int logSize)
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("bench", op, "--log-size", logSize.ToString(), "--device", "cpu", "--runs", "2");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal(op, root.GetProperty("op").GetString());
            Assert.Equal(logSize, root.GetProperty("logSize").GetInt32());
            Assert.Equal("cpu", root.GetProperty("device").GetString());
            Assert.True(root.GetProperty("ms").GetDouble() >= 0);
            Assert.True(root.GetProperty("cpuMs").GetDouble() >= 0);
            Assert.Equal(JsonValueKind.Number, root.GetProperty("run").ValueKind);
        }
    }

    [Fact]
    public void DefaultsToCpuAndThreeRuns()
    {
        var (exit, stdout, _) = ConsoleRunner.Run("bench", "ntt", "--log-size", "3");
        Assert.Equal(0, exit);
        Assert.Equal(3, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("msm", "gpu")]
    [InlineData("ntt", "cuda:x")]
    [InlineData("msm", "cuda:99")]
    public void BadDeviceFailsWithMessage(string op, string device)
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("bench", op, "--log-size", "3", "--device", device);
        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout);
        Assert.Contains("error:", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
    }

    [Theory]
    [InlineData("ntt", "29")]
    [InlineData("msm", "-1")]
    public void OutOfRangeLogSizeFails(string op, string logSize)
    {
        var (exit, _, stderr) = ConsoleRunner.Run("bench", op, "--log-size", logSize);
        Assert.NotEqual(0, exit);
        Assert.Contains("--log-size", stderr);
    }

    [Fact]
    public void MissingLogSizeFails()
    {
        var (exit, _, stderr) = ConsoleRunner.Run("bench", "msm");
        Assert.NotEqual(0, exit);
        Assert.Contains("--log-size", stderr);
    }

    [Fact]
    public void ZeroRunsFails()
    {
        var (exit, _, stderr) = ConsoleRunner.Run("bench", "ntt", "--log-size", "2", "--runs", "0");
        Assert.NotEqual(0, exit);
        Assert.Contains("--runs", stderr);
    }
}
