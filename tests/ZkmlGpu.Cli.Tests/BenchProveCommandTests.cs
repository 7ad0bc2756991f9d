using System.Text.Json;
using ZkmlGpu.Cli;
using ZkmlGpu.Cli.Commands;

namespace ZkmlGpu.Cli.Tests;

[Collection("Console")]
public class BenchProveCommandTests
{
    [Fact]
    public void PrintsOneJsonLineWithAVerifiedProof()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("bench", "prove", "--log-rows", "6", "--device", "cpu");
        Assert.Equal(0, exit);
        Assert.Equal(SrsWarning.InsecureDevelopment, stderr.Trim());
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("prove", root.GetProperty("op").GetString());
        Assert.Equal(6, root.GetProperty("logRows").GetInt32());
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        foreach (var field in new[] { "keygenMs", "proveMs", "verifyMs" }) Assert.True(root.GetProperty(field).GetDouble() > 0);
        Assert.InRange(root.GetProperty("proofBytes").GetInt32(), 1000, 4096);
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.Equal("insecure-development", root.GetProperty("srs").GetString());
    }

    [Fact]
    public void VerbosePrintsPhasesToStderr()
    {
        var (exit, _, stderr) = ConsoleRunner.Run("bench", "prove", "--log-rows", "5", "--verbose");
        Assert.Equal(0, exit);
        Assert.Contains("quotient", stderr);
    }

    [Theory]
    [InlineData("3", "cpu")]
    [InlineData("23", "cpu")]
    [InlineData("6", "gpu")]
    [InlineData("6", "cuda:99")]
    public void BadOptionsFailWithAMessage(string logRows, string device)
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("bench", "prove", "--log-rows", logRows, "--device", device);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error:", stderr);
    }
}
