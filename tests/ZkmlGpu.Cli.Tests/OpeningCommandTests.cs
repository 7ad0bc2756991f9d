using System.Text.Json;
using System.Text.Json.Nodes;
using ZkmlGpu.Cli.Commands;
using ZkmlGpu.Field;
using ZkmlGpu.Merkle;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Execution;
using static ZkmlGpu.Cli.Tests.ProofFiles;

namespace ZkmlGpu.Cli.Tests;

/// <summary>
/// `open` and `verify-opening` on a bundle of 1l_mlp cut into three chunks. The manifest and the secrets file are
/// written here in the format `prove --chunks` writes (cuts, per-chunk input/output commitments as 64 hex digits;
/// BUNDLE_DIR.secrets.json with the salts), since only the commitments and salts matter to an opening.
/// </summary>
[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class OpeningCommandTests
{
    private const string Name = "1l_mlp";

    /// <summary>The bundle directory and the values crossing each cut 0..3.</summary>
    private static (string Dir, long[][] Values) Bundle()
    {
        var loaded = ModelCli.LoadWith(new FileInfo(Model(Name)), null);
        var q = loaded.Quantized;
        var plan = new ChunkPlan(q, [1, 2], _ => 0);
        var activations = IntegerExecutor.Run(q, ModelCli.ReadInputs(loaded, new FileInfo(Input(Name))));
        var values = Enumerable.Range(0, 4).Select(c => (c < 3 ? plan.Chunks[c].Inputs : plan.Chunks[2].Outputs)
            .SelectMany(e => activations[e].Data).ToArray()).ToArray();
        var secrets = ChunkSecrets.Fresh(3);
        var commitments = values.Select((v, c) => BoundaryOpening.Hex(BoundaryCommitment.Compute(v.Select(Fr.FromInt64).ToArray(), secrets.Salts[c]))).ToArray();
        string dir = Path.Combine(MnistFiles.Scratch(), "bundle");
        Directory.CreateDirectory(dir);
        var manifest = new JsonObject
        {
            ["formatVersion"] = 1,
            ["cuts"] = new JsonArray(1, 2),
            ["chunks"] = new JsonArray(Enumerable.Range(0, 3).Select(i => (JsonNode)new JsonObject
            {
                ["index"] = i, ["inputCommitment"] = commitments[i], ["outputCommitment"] = commitments[i + 1], ["proof"] = $"chunk{i}.bin",
            }).ToArray()),
        };
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
        File.WriteAllText(dir + ".secrets.json", new JsonObject { ["salts"] = new JsonArray(secrets.Salts.Select(s => (JsonNode)BoundaryOpening.Hex(s)).ToArray()) }.ToJsonString());
        return (dir, values);
    }

    private static (int Exit, string Out, string Err) Open(string dir, int boundary, int index, string outFile) =>
        ConsoleRunner.Run("open", dir, "--boundary", $"{boundary}", "--index", $"{index}", "--model", Model(Name), "--input", Input(Name), "--out", outFile);

    private static (bool Verified, string? Reason, JsonElement Line) VerifyOpening(params string[] args)
    {
        var r = ConsoleRunner.Run(["verify-opening", .. args]);
        Assert.True(r.Exit is 0 or 1, $"exit {r.Exit}: {r.Err}");
        var line = Json(r.Out.Trim());
        bool verified = line.GetProperty("verified").GetBoolean();
        Assert.Equal(verified ? 0 : 1, r.Exit);
        var reason = line.GetProperty("reason");
        return (verified, reason.ValueKind == JsonValueKind.Null ? null : reason.GetString(), line);
    }

    [Fact]
    public void OpenedValueVerifiesAgainstTheBundleAndNowhereElse()
    {
        var (dir, values) = Bundle();
        string opening = Path.Combine(MnistFiles.Scratch(), "opening.json");
        var r = Open(dir, 1, 3, opening);
        Assert.True(r.Exit == 0, r.Err);
        var line = Json(r.Out.Trim());
        Assert.Equal(values[1][3], line.GetProperty("value").GetInt64());
        Assert.Equal(4, line.GetProperty("count").GetInt32());

        var ok = VerifyOpening(opening, "--bundle", dir);
        Assert.True(ok.Verified, ok.Reason);
        Assert.Equal(values[1][3], ok.Line.GetProperty("value").GetInt64());
        Assert.Equal(1, ok.Line.GetProperty("boundary").GetInt32());
        Assert.True(ok.Line.GetProperty("realValue").ValueKind == JsonValueKind.Number);
        string commitment = Json(File.ReadAllText(opening)).GetProperty("commitment").GetString()!;
        Assert.True(VerifyOpening(opening, "--commitment", commitment).Verified);

        // Another boundary of the same bundle, another value, another commitment.
        Assert.Contains("for boundary 1, not 2", VerifyOpening(opening, "--bundle", dir, "--boundary", "2").Reason);
        Assert.Contains("not the expected", VerifyOpening(opening, "--commitment", Json(File.ReadAllText(Path.Combine(dir, "manifest.json"))).GetProperty("chunks")[1].GetProperty("outputCommitment").GetString()!).Reason);
        var lie = JsonNode.Parse(File.ReadAllText(opening))!;
        lie["value"] = values[1][3] + 1;
        string lieFile = Path.Combine(MnistFiles.Scratch(), "lie.json");
        File.WriteAllText(lieFile, lie.ToJsonString());
        Assert.Contains("does not show value", VerifyOpening(lieFile, "--bundle", dir).Reason);
    }

    [Fact]
    public void OpenRefusesWrongSecretsAndIndicesWithCleanErrors()
    {
        var (dir, _) = Bundle();
        string opening = Path.Combine(MnistFiles.Scratch(), "opening.json");
        ConsoleRunner.AssertCleanError(Open(dir, 1, 4, opening), "--index 4 is not in 0..3");
        ConsoleRunner.AssertCleanError(Open(dir, 5, 0, opening), "--boundary 5 is not in 0..3");
        var secrets = JsonNode.Parse(File.ReadAllText(dir + ".secrets.json"))!;
        secrets["salts"]![1] = BoundaryOpening.Hex(BoundaryCommitment.NewSalt());
        File.WriteAllText(dir + ".secrets.json", secrets.ToJsonString());
        ConsoleRunner.AssertCleanError(Open(dir, 1, 0, opening), "do not match the manifest's commitment");
        File.Delete(dir + ".secrets.json");
        ConsoleRunner.AssertCleanError(Open(dir, 1, 0, opening), "secrets file not found");
        Assert.False(File.Exists(opening));
        ConsoleRunner.AssertCleanError(ConsoleRunner.Run("verify-opening", opening, "--bundle", dir), "not found");
    }
}
