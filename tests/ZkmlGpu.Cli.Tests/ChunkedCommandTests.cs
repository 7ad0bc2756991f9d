using System.Text.Json.Nodes;
using static ZkmlGpu.Cli.Tests.ProofFiles;

namespace ZkmlGpu.Cli.Tests;

/// <summary>
/// prove --chunks / verify / setup on bundles of 2l_relu_fc in two chunks. Few proofs: one bundle, one of another
/// input, one key directory per model, shared by the tests (chunk keys made once, in the tests' key cache); tampering tests work on copies and verify with --vk
/// (no keygen), one test verifies by regenerating the keys.
/// </summary>
[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class ChunkedCommandTests
{
    private const string Name = "2l_relu_fc";

    private static readonly Lazy<string> Bundle = new(() => ProveBundle(Input(Name)));
    private static readonly Lazy<string> OtherBundle = new(() => ProveBundle(MnistFiles.InputJson("0.5, -0.25, 0.75")));
    private static readonly Lazy<string> KeysDir = new(() => Setup(Name));

    private static string ProveBundle(string input)
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "bundle");
        var r = ConsoleRunner.Run("prove", Model(Name), "--input", input, "--chunks", "2", "--out", dir, "--keys", Keys);
        Assert.True(r.Exit == 0, r.Err);
        return dir;
    }

    private static string Setup(string model)
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "keys");
        var r = ConsoleRunner.Run("setup", Model(model), "--chunks", "2", "--out", dir, "--keys", Keys);
        Assert.True(r.Exit == 0, r.Err);
        return dir;
    }

    private static (int Exit, string Out, string Err) VerifyVk(string dir, string keys) =>
        ConsoleRunner.Run("verify", dir, "--model", Model(Name), "--vk", keys);

    private static void AssertRejected(string dir, string mention)
    {
        var v = Verdict(VerifyVk(dir, KeysDir.Value));
        Assert.False(v.Verified);
        Assert.Contains(mention, v.Reason);
    }

    private static JsonNode Manifest(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;

    private static void SaveManifest(string dir, JsonNode manifest) => File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());

    [Fact]
    public void TheBundleVerifiesWithRegeneratedKeysAndRevealsTheUnchunkedOutputs()
    {
        var v = Verdict(ConsoleRunner.Run("verify", Bundle.Value, "--model", Model(Name)));
        Assert.True(v.Verified, v.Reason);
        Assert.Equal(2, v.Line.GetProperty("chunks").GetInt32());
        Assert.Equal("generated", v.Line.GetProperty("keygen").GetString());

        var m = Manifest(Bundle.Value);
        Assert.Equal(1, m["formatVersion"]!.GetValue<int>());
        var chunks = m["chunks"]!.AsArray();
        Assert.Equal(2, chunks.Count);
        Assert.Equal(m["cuts"]![0]!.GetValue<int>(), chunks[1]!["firstNode"]!.GetValue<int>());
        Assert.Equal(chunks[0]!["outputCommitment"]!.GetValue<string>(), chunks[1]!["inputCommitment"]!.GetValue<string>());
        Assert.Equal("chunk-1.proof", chunks[1]!["proof"]!.GetValue<string>());
        Assert.InRange(chunks[0]!["rows"]!.GetValue<int>(), 1, 1 << chunks[0]!["k"]!.GetValue<int>());

        // The same public outputs (and inputs) as the single proof of the model on the same input.
        string single = ProvedDir(Name);
        Assert.Equal(File.ReadAllText(Path.Combine(single, "outputs.json")), File.ReadAllText(Path.Combine(Bundle.Value, "outputs.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(single, "inputs.json")), File.ReadAllText(Path.Combine(Bundle.Value, "inputs.json")));
    }

    [Fact]
    public void TheSaltsAreBesideTheBundleNeverInIt()
    {
        string secrets = Bundle.Value + ".secrets.json";
        Assert.True(File.Exists(secrets));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secrets));
        var salts = JsonNode.Parse(File.ReadAllText(secrets))!["salts"]!.AsArray().Select(s => s!.GetValue<string>()).ToArray();
        Assert.Equal(3, salts.Length);
        foreach (var f in Directory.GetFiles(Bundle.Value))
        {
            Assert.DoesNotContain("secrets", Path.GetFileName(f));
            string text = Convert.ToHexStringLower(File.ReadAllBytes(f)) + File.ReadAllText(f);
            foreach (var s in salts) Assert.DoesNotContain(s, text);
        }
    }

    [Fact]
    public void SetupKeysVerifyTheBundleAndAnotherModelsKeysDoNot()
    {
        var v = Verdict(VerifyVk(Bundle.Value, KeysDir.Value));
        Assert.True(v.Verified, v.Reason);
        Assert.Equal("loaded", v.Line.GetProperty("keygen").GetString());
        Assert.Equal(Manifest(Bundle.Value)["keySetDigest"]!.GetValue<string>(),
            JsonNode.Parse(File.ReadAllText(Path.Combine(KeysDir.Value, "keys.json")))!["keySetDigest"]!.GetValue<string>());

        v = Verdict(VerifyVk(Bundle.Value, Setup("1l_mlp")));
        Assert.False(v.Verified);
        Assert.Contains("differs", v.Reason);

        // A key file that is not the one keys.json lists.
        string keys = Copy(KeysDir.Value);
        File.Copy(Path.Combine(keys, "chunk-1.vk"), Path.Combine(keys, "chunk-0.vk"), overwrite: true);
        v = Verdict(VerifyVk(Bundle.Value, keys));
        Assert.False(v.Verified);
        Assert.Contains("chunk-0.vk (chunk 0) does not match", v.Reason);
    }

    [Fact]
    public void SwappedProofFilesAndSwappedEntriesAreRejected()
    {
        string dir = Copy(Bundle.Value);
        File.Move(Path.Combine(dir, "chunk-0.proof"), Path.Combine(dir, "tmp"));
        File.Move(Path.Combine(dir, "chunk-1.proof"), Path.Combine(dir, "chunk-0.proof"));
        File.Move(Path.Combine(dir, "tmp"), Path.Combine(dir, "chunk-1.proof"));
        AssertRejected(dir, "chunk 0");

        dir = Copy(Bundle.Value);
        var m = Manifest(dir);
        var chunks = m["chunks"]!.AsArray();
        var (a, b) = (chunks[0]!.DeepClone(), chunks[1]!.DeepClone());
        chunks[0] = b;
        chunks[1] = a;
        SaveManifest(dir, m);
        AssertRejected(dir, "entry 0 is chunk 1");
    }

    [Fact]
    public void DroppedRepeatedAndExtraEntriesAreRejected()
    {
        string dir = Copy(Bundle.Value);
        var m = Manifest(dir);
        m["chunks"]!.AsArray().RemoveAt(1);
        SaveManifest(dir, m);
        AssertRejected(dir, "chunk 1 is missing");

        dir = Copy(Bundle.Value);
        m = Manifest(dir);
        m["chunks"]![1] = m["chunks"]![0]!.DeepClone();
        SaveManifest(dir, m);
        AssertRejected(dir, "chunk 0 appears more than once");

        dir = Copy(Bundle.Value);
        m = Manifest(dir);
        var extra = m["chunks"]![1]!.DeepClone();
        extra["index"] = 2;
        m["chunks"]!.AsArray().Add(extra);
        SaveManifest(dir, m);
        AssertRejected(dir, "extra entries");

        dir = Copy(Bundle.Value);
        File.Delete(Path.Combine(dir, "chunk-1.proof"));
        AssertRejected(dir, "chunk 1: proof file chunk-1.proof is missing");
    }

    [Fact]
    public void AnAlteredCommitmentOrAFlippedByteIsRejectedNamingTheChunk()
    {
        string dir = Copy(Bundle.Value);
        var m = Manifest(dir);
        string c = m["chunks"]![1]!["inputCommitment"]!.GetValue<string>();
        m["chunks"]![1]!["inputCommitment"] = c[..^1] + (c[^1] == '0' ? '1' : '0');
        SaveManifest(dir, m);
        AssertRejected(dir, "chunk 1: its input commitment differs");

        // Both sides of the cut altered alike: the chain holds, the proofs do not.
        m["chunks"]![0]!["outputCommitment"] = m["chunks"]![1]!["inputCommitment"]!.GetValue<string>();
        SaveManifest(dir, m);
        AssertRejected(dir, "does not verify");

        foreach (int chunk in new[] { 0, 1 })
        {
            dir = Copy(Bundle.Value);
            string path = Path.Combine(dir, $"chunk-{chunk}.proof");
            byte[] bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x04;
            File.WriteAllBytes(path, bytes);
            AssertRejected(dir, $"chunk {chunk}");
        }
    }

    [Fact]
    public void AProofReplayedFromAnotherInputsBundleIsRejected()
    {
        string dir = Copy(Bundle.Value);
        File.Copy(Path.Combine(OtherBundle.Value, "chunk-1.proof"), Path.Combine(dir, "chunk-1.proof"), overwrite: true);
        AssertRejected(dir, "chunk 1: the proof does not verify");
        // With the other bundle's commitments for it too, the chain to chunk 0 breaks.
        var m = Manifest(dir);
        var other = Manifest(OtherBundle.Value);
        m["chunks"]![1] = other["chunks"]![1]!.DeepClone();
        SaveManifest(dir, m);
        AssertRejected(dir, "chunk 1: its input commitment differs");
    }

    [Fact]
    public void OpenReadsTheBundleAndItsSecretsFile()
    {
        string opening = Path.Combine(MnistFiles.Scratch(), "opening.json");
        var r = ConsoleRunner.Run("open", Bundle.Value, "--boundary", "1", "--index", "0", "--model", Model(Name), "--input", Input(Name), "--out", opening);
        Assert.True(r.Exit == 0, r.Err);
        r = ConsoleRunner.Run("verify-opening", opening, "--bundle", Bundle.Value);
        Assert.True(r.Exit == 0, r.Out + r.Err);
        Assert.True(Json(r.Out).GetProperty("verified").GetBoolean());
    }

    [Fact]
    public void AnotherModelIsRejected()
    {
        var v = Verdict(ConsoleRunner.Run("verify", Bundle.Value, "--model", Model("1l_mlp")));
        Assert.False(v.Verified);
        Assert.StartsWith("model differs", v.Reason);
    }

    [Fact]
    public void BadChunkOptionsAreOneLineErrors()
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "b");
        var r = ConsoleRunner.Run("prove", Model(Name), "--input", Input(Name), "--chunks", "0", "--out", dir);
        Assert.Equal(2, r.Exit);
        ConsoleRunner.AssertCleanError(r, "--chunks must be at least 1");
        Assert.Single(r.Err.Trim().Split('\n'));
        r = ConsoleRunner.Run("prove", Model(Name), "--input", Input(Name), "--split-at", "no-such-node", "--out", dir);
        Assert.Equal(2, r.Exit);
        ConsoleRunner.AssertCleanError(r, "has no node 'no-such-node'");
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir));
    }
}
