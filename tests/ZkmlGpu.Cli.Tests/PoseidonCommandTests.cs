namespace ZkmlGpu.Cli.Tests;

[Collection("Console")]
public class PoseidonCommandTests
{
    [Fact]
    public void HashesOneTwoLikeCircomlib()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("poseidon", "1", "2");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal("7853200120776062878684798364095072458815029376092732009249414926327459813530", stdout.Trim());
    }

    [Fact]
    public void HashesSixteenInputs()
    {
        // From the circomlib vectors (poseidon-lite): Poseidon(1..16).
        var args = new[] { "poseidon" }.Concat(Enumerable.Range(1, 16).Select(i => i.ToString())).ToArray();
        var (exit, stdout, _) = ConsoleRunner.Run(args);
        Assert.Equal(0, exit);
        Assert.Equal("9989051620750914585850546081941653841776809718687451684622678807385399211877", stdout.Trim());
    }

    [Fact]
    public void NegativeInputsMapModR()
    {
        var (exit, stdout, _) = ConsoleRunner.Run("poseidon", "--", "-1", "2");
        Assert.Equal(0, exit);
        string rMinusOne = (ZkmlGpu.Field.Fr.Modulus - 1).ToString();
        var (exit2, stdout2, _) = ConsoleRunner.Run("poseidon", rMinusOne, "2");
        Assert.Equal(0, exit2);
        Assert.Equal(stdout2, stdout);
    }

    [Fact]
    public void RejectsBadInputs()
    {
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("poseidon"), "1 to 16 inputs, got 0");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run(new[] { "poseidon" }.Concat(Enumerable.Repeat("1", 17)).ToArray()), "got 17");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("poseidon", "1", "abc"), "not an integer");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("poseidon", "0x10"), "not an integer");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("poseidon", "1.5"), "not an integer");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("poseidon", ZkmlGpu.Field.Fr.Modulus.ToString()), "outside the field");
    }
}
