using System.Text.Json.Nodes;
using static ZkmlGpu.Cli.Tests.ProofFiles;

namespace ZkmlGpu.Cli.Tests;

/// <summary>`prove --chunks auto --max-log-rows K` and `bench chunked`: chunks that fit their budget, bundles that verify.</summary>
[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class AutoChunksCommandTests
{
    [Fact]
    public void AutoChunksFitTheRowBudgetAndTheBundleVerifies()
    {
        const string name = "2l_relu_fc";
        string dir = Path.Combine(MnistFiles.Scratch(), "bundle");
        var r = ConsoleRunner.Run("prove", Model(name), "--input", Input(name), "--chunks", "auto", "--max-log-rows", "13", "--out", dir);
        Assert.True(r.Exit == 0, r.Err);
        var chunks = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!["chunks"]!.AsArray();
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.True(c!["k"]!.GetValue<int>() <= 13));
        var v = Verdict(ConsoleRunner.Run("verify", dir, "--model", Model(name)));
        Assert.True(v.Verified, v.Reason);
    }

    [Fact]
    public void AutoChunksRefuseABudgetTheTablesAloneExceed()
    {
        const string name = "2l_relu_fc";
        var r = ConsoleRunner.Run("prove", Model(name), "--input", Input(name), "--chunks", "auto", "--max-log-rows", "12", "--out", MnistFiles.Scratch());
        Assert.Equal(2, r.Exit);
        Assert.Contains("2^12", r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void BenchChunkedProvesASyntheticModelInSeveralChunksAndVerifiesTheBundle()
    {
        var r = ConsoleRunner.Run("bench", "chunked", "--layers", "24", "--width", "32", "--max-log-rows", "13");
        Assert.True(r.Exit == 0, r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var summary = Json(lines[^1]);
        int chunks = summary.GetProperty("chunks").GetInt32();
        Assert.True(chunks >= 2, lines[^1]);
        Assert.Equal(chunks, lines.Length - 1); // one chunk-done line each
        Assert.True(summary.GetProperty("verified").GetBoolean());
        Assert.True(summary.GetProperty("layerRows").GetInt64() > 1L << 13);
        Assert.True(summary.GetProperty("maxChunkRows").GetInt64() < 1L << 13);
        Assert.True(summary.GetProperty("bundleVerifyMs").GetDouble() > 0);
    }

    [Fact]
    public void BenchSchedulerTimesAlternatingPairsAndVerifiesTheScheduledBundle()
    {
        var r = ConsoleRunner.Run("bench", "scheduler", "--layers", "24", "--width", "32", "--max-log-rows", "13", "--pairs", "1");
        Assert.True(r.Exit == 0, r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // the pair and the summary
        var summary = Json(lines[^1]);
        Assert.True(summary.GetProperty("verified").GetBoolean());
        Assert.True(summary.GetProperty("chunks").GetInt32() >= 2, lines[^1]);
        Assert.True(summary.GetProperty("loopMedianMs").GetDouble() > 0 && summary.GetProperty("schedulerMedianMs").GetDouble() > 0);
        Assert.All(lines[..^1], line => Assert.Equal("pair", Json(line).GetProperty("event").GetString()));
        Assert.Contains("--pairs must lie in 1..1000", ConsoleRunner.Run("bench", "scheduler", "--layers", "2", "--pairs", "0").Err);
    }
}
