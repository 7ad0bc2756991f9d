using System.Text.Json;

namespace ZkmlGpu.Cli.Tests;

[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class InspectCommandTests
{
    [Fact]
    public void DescribesMnist()
    {
        var r = ConsoleRunner.Run("inspect", MnistFiles.Model);
        Assert.Equal(0, r.Exit);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("zkml-msgpack", root.GetProperty("format").GetString());
        // Weights 72+1152+2304+64+2304+640, biases 8+16+16+4+64+10, Mul/Add constants 2·(8+16+16+4).
        Assert.Equal(6742, root.GetProperty("parameters").GetInt64());
        Assert.True(root.GetProperty("supported").GetBoolean());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(16, nodes.Length);
        Assert.Equal("ZkmlLayer/Conv2D", nodes[0].GetProperty("op").GetString());
        Assert.Equal([1, 26, 26, 8], nodes[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(80, nodes[0].GetProperty("parameters").GetInt64());
        Assert.Equal("Add", nodes[3].GetProperty("op").GetString()); // a plain Add maps onto the shared op
        // First conv: 26·26·8 outputs × 9 MACs + 26·26·8 rescales, over 7 columns.
        Assert.Equal((26 * 26 * 8 * 10 + 6) / 7, nodes[0].GetProperty("estimatedRows").GetInt64());
        long total = nodes.Sum(n => n.GetProperty("estimatedRows").GetInt64());
        Assert.Equal(Math.Max(total, 1L << 15), root.GetProperty("estimatedRows").GetInt64());
    }

    [Fact]
    public void ListsUnsupportedLayersInsteadOfFailing()
    {
        var r = ConsoleRunner.Run("inspect", MnistFiles.Config);
        Assert.Equal(0, r.Exit);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.False(root.GetProperty("supported").GetBoolean());
        var softmax = root.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("op").GetString() == "Softmax");
        Assert.False(softmax.GetProperty("supported").GetBoolean());
    }

    [Fact]
    public void PrettyIsText()
    {
        var r = ConsoleRunner.Run("inspect", MnistFiles.Model, "--pretty");
        Assert.Equal(0, r.Exit);
        Assert.StartsWith("model.msgpack (zkml-msgpack): 16 nodes, 6742 parameters", r.Out);
    }

    [Fact]
    public void CorruptModelIsACleanError()
    {
        string path = Path.Combine(MnistFiles.Scratch(), "bad.msgpack");
        File.WriteAllBytes(path, [0x81, 0xa9, (byte)'g', (byte)'l']);
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("inspect", path), "error:");
    }
}
