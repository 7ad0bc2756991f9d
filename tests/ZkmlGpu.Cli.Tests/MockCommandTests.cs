using static ZkmlGpu.Cli.Tests.ProofFiles;

namespace ZkmlGpu.Cli.Tests;

[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class MockCommandTests
{
    [Theory]
    [InlineData("1l_relu")]
    [InlineData("1l_linear")]
    [InlineData("2l_relu_fc")]
    [InlineData("1l_mlp")]
    public void HonestWitnessIsSatisfied(string name)
    {
        var r = ConsoleRunner.Run("mock", Model(name), "--input", Input(name));
        Assert.True(r.Exit == 0, r.Err + r.Out);
        var line = Json(r.Out);
        Assert.True(line.GetProperty("satisfied").GetBoolean());
        Assert.Equal(0, line.GetProperty("failures").GetArrayLength());
        int k = line.GetProperty("k").GetInt32();
        Assert.InRange(line.GetProperty("rows").GetInt32(), 1, 1 << k);
    }

    [Fact]
    public void WrongInputIsAUsageError() =>
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("mock", Model("1l_mlp"), "--input", MnistFiles.InputJson("0.1")), "needs 3 values");
}
