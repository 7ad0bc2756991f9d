using ZkmlGpu.Cli.Commands;
using System.Text.Json;

namespace ZkmlGpu.Cli.Tests;

[Collection("Console")]
public class BenchVerifyBatchCommandTests
{
    [Fact]
    public void PrintsSingleAndBatchTimesOfVerifiedProofs()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("bench", "verify-batch", "--log-rows", "5", "--proofs", "3");
        Assert.Equal(0, exit);
        Assert.Equal(SrsWarning.InsecureDevelopment, stderr.Trim());
        using var json = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        var root = json.RootElement;
        Assert.Equal("verify-batch", root.GetProperty("op").GetString());
        Assert.Equal(3, root.GetProperty("proofs").GetInt32());
        Assert.True(root.GetProperty("singleMs").GetDouble() > 0);
        Assert.True(root.GetProperty("batchMs").GetDouble() > 0);
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.Equal("insecure-development", root.GetProperty("srs").GetString());
    }

    [Theory]
    [InlineData("3", "4")]
    [InlineData("5", "0")]
    public void BadOptionsFailWithAMessage(string logRows, string proofs)
    {
        var (exit, _, stderr) = ConsoleRunner.Run("bench", "verify-batch", "--log-rows", logRows, "--proofs", proofs);
        Assert.Equal(2, exit);
        Assert.StartsWith("error:", stderr);
    }
}
