using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkmlGpu.Field;
using ZkmlGpu.Merkle;

namespace ZkmlGpu.Cli.Tests;

[Collection("Console")]
public sealed class MerkleCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zkml-merkle-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static Fr Dec(JsonElement e) => Fr.FromBigInteger(BigInteger.Parse(e.GetString()!));

    [Fact]
    public void RootPrintsRootLeavesAndCommitment()
    {
        string file = Write("v.json", "[1, 2, 3, -1, \"5\"]");
        var (exit, stdout, stderr) = ConsoleRunner.Run("merkle", "root", "--values", file);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        using var doc = JsonDocument.Parse(stdout);
        var leaves = new[] { Fr.FromUInt64(1), Fr.FromUInt64(2), Fr.FromUInt64(3), -Fr.One, Fr.FromUInt64(5) };
        // LeanIMT: ((1,2),(3,-1)) then 5 moves up.
        Fr root = Poseidon.Hash(Poseidon.Hash(Poseidon.Hash(leaves[0], leaves[1]), Poseidon.Hash(leaves[2], leaves[3])), leaves[4]);
        Assert.Equal(root, Dec(doc.RootElement.GetProperty("root")));
        Assert.Equal(5, doc.RootElement.GetProperty("leaves").GetInt32());
        Assert.Equal(Poseidon.Hash(root, Fr.FromUInt64(5)), Dec(doc.RootElement.GetProperty("commitment")));
        Assert.Equal(3, doc.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void RootOfEmptyArrayIsZeroWithCountBoundCommitment()
    {
        var (exit, stdout, _) = ConsoleRunner.Run("merkle", "root", "--values", Write("e.json", "[]"));
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("0", doc.RootElement.GetProperty("root").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("leaves").GetInt32());
        Assert.Equal(Poseidon.Hash(Fr.Zero, Fr.Zero), Dec(doc.RootElement.GetProperty("commitment")));
    }

    [Fact]
    public void ProofThenVerifyForEveryIndex()
    {
        string values = Write("v.json", "[10, -20, 30, 40, 50, 60, 70]");
        for (int i = 0; i < 7; i++)
        {
            var (exit, proofJson, stderr) = ConsoleRunner.Run("merkle", "proof", "--values", values, "--index", i.ToString());
            Assert.Equal(0, exit);
            Assert.Equal("", stderr);
            using (var doc = JsonDocument.Parse(proofJson))
            {
                Assert.Equal(i, doc.RootElement.GetProperty("index").GetInt32());
                Assert.Equal(7, doc.RootElement.GetProperty("leaves").GetInt32());
            }
            string proofFile = Write($"p{i}.json", proofJson);
            var verified = ConsoleRunner.Run("merkle", "verify", "--proof", proofFile);
            Assert.Equal(0, verified.Exit);
            Assert.True(JsonDocument.Parse(verified.Out).RootElement.GetProperty("valid").GetBoolean());
        }
    }

    [Fact]
    public void VerifyChecksRootAndCommitmentOptions()
    {
        string values = Write("v.json", "[1, 2, 3]");
        var root = JsonDocument.Parse(ConsoleRunner.Run("merkle", "root", "--values", values).Out).RootElement;
        string proof = Write("p.json", ConsoleRunner.Run("merkle", "proof", "--values", values, "--index", "2").Out);
        string r = root.GetProperty("root").GetString()!, c = root.GetProperty("commitment").GetString()!;
        Assert.Equal(0, ConsoleRunner.Run("merkle", "verify", "--proof", proof, "--root", r, "--commitment", c).Exit);
        var wrongRoot = ConsoleRunner.Run("merkle", "verify", "--proof", proof, "--root", "1");
        Assert.Equal(1, wrongRoot.Exit);
        Assert.Contains("invalid", wrongRoot.Err);
        Assert.Equal(1, ConsoleRunner.Run("merkle", "verify", "--proof", proof, "--commitment", r).Exit);
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "verify", "--proof", proof, "--root", "x"), "--root");
    }

    [Fact]
    public void VerifyFailsForTamperedProofs()
    {
        string values = Write("v.json", "[1, 2, 3, 4, 5]");
        var good = JsonNode.Parse(ConsoleRunner.Run("merkle", "proof", "--values", values, "--index", "1").Out)!.AsObject();
        void ExpectInvalid(Action<JsonObject> change)
        {
            var o = good.DeepClone().AsObject();
            change(o);
            o.Remove("commitment"); // so the tamper reaches the hash check rather than the commitment cross-check
            var result = ConsoleRunner.Run("merkle", "verify", "--proof", Write("t.json", o.ToJsonString()));
            Assert.Equal(1, result.Exit);
            Assert.Contains("invalid", result.Err);
            Assert.Equal("", result.Out);
        }
        ExpectInvalid(o => o["leaf"] = "3");
        ExpectInvalid(o => o["root"] = "3");
        ExpectInvalid(o => o["index"] = 0);
        ExpectInvalid(o => o["siblings"]![0] = "7");
        // A stale commitment is caught while parsing: malformed input, exit 2.
        var stale = good.DeepClone().AsObject();
        stale["root"] = "3";
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "verify", "--proof", Write("s.json", stale.ToJsonString())), "commitment");
    }

    [Fact]
    public void BadInputGivesCleanErrors()
    {
        string values = Write("v.json", "[1, 2, 3]");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "root", "--values", Write("bad.json", "{not json")), "Not valid JSON");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "root", "--values", Write("obj.json", "{\"a\":1}")), "array");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "root", "--values", Write("big.json", $"[{Fr.Modulus}]")), "outside the field");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "root", "--values", Write("neg.json", $"[\"-{Fr.Modulus}\"]")), "outside the field");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "root", "--values", Write("frac.json", "[1.5]")), "not an integer");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "root", "--values", Path.Combine(_dir, "missing.json")), "File not found");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "proof", "--values", values, "--index", "3"), "out of range");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "proof", "--values", values, "--index", "-1"), "out of range");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "proof", "--values", Write("e.json", "[]"), "--index", "0"), "empty");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "verify", "--proof", Write("np.json", "[1]")), "object");
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("merkle", "verify", "--proof", Write("np2.json", "{\"root\":\"1\"}")), "leaves");
        // Missing required options are parse errors: non-zero exit, message on stderr.
        var missing = ConsoleRunner.Run("merkle", "proof", "--values", values);
        Assert.NotEqual(0, missing.Exit);
        Assert.Contains("--index", missing.Err);
    }
}
