using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZkmlGpu.Prover.Kzg;
using static ZkmlGpu.Cli.Tests.ProofFiles;

namespace ZkmlGpu.Cli.Tests;

/// <summary>prove → verify round trips on the EZKL examples with circuits, and every kind of tampering the verifier must catch.</summary>
[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class ProveVerifyCommandTests
{
    [Theory]
    [InlineData("1l_relu")]
    [InlineData("1l_linear")]
    [InlineData("2l_relu_fc")]
    [InlineData("1l_mlp")]
    public void ProofOfTheModelVerifies(string name)
    {
        string dir = ProvedDir(name);
        var meta = Json(File.ReadAllText(Path.Combine(dir, "meta.json")));
        Assert.Equal(1, meta.GetProperty("formatVersion").GetInt32());
        Assert.Equal("insecure-development", meta.GetProperty("srs").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Model(name)))), meta.GetProperty("modelSha256").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "settings.json")))), meta.GetProperty("settingsSha256").GetString());
        Assert.Matches("^[0-9a-f]{64}$", meta.GetProperty("verifyingKeyDigest").GetString());
        int k = meta.GetProperty("k").GetInt32();
        Assert.InRange(meta.GetProperty("rowsUsed").GetInt32(), 1, meta.GetProperty("rowsAvailable").GetInt32());
        Assert.InRange(meta.GetProperty("rowsAvailable").GetInt32(), 1 << (k - 1), (1 << k) - 1);
        Assert.Equal(new FileInfo(Path.Combine(dir, "proof.bin")).Length, meta.GetProperty("proofBytes").GetInt32());

        // outputs.json is what `run` prints, less the float model's output (which no proof covers).
        var run = Json(ConsoleRunner.Run("run", Model(name), "--input", Input(name)).Out).GetProperty("outputs");
        var outputs = Json(File.ReadAllText(Path.Combine(dir, "outputs.json"))).GetProperty("outputs");
        Assert.Equal(run.GetArrayLength(), outputs.GetArrayLength());
        for (int i = 0; i < run.GetArrayLength(); i++)
        {
            var expected = JsonNode.Parse(run[i].GetRawText())!.AsObject();
            expected.Remove("float");
            Assert.Equal(expected.ToJsonString(), JsonNode.Parse(outputs[i].GetRawText())!.ToJsonString());
        }

        var v = Verdict(Verify(dir, name));
        Assert.True(v.Verified, v.Reason);
        Assert.Equal(meta.GetProperty("settingsSha256").GetString(), v.Line.GetProperty("settingsSha256").GetString());
    }

    [Fact]
    public void FlippedProofBytesAreRejected()
    {
        string original = ProvedDir("1l_mlp");
        int length = (int)new FileInfo(Path.Combine(original, "proof.bin")).Length;
        // In a commitment, in the middle (evaluations) and in the last opening proof.
        foreach (int at in new[] { 40, length / 2, length - 3 })
        {
            string dir = Copy(original);
            byte[] proof = File.ReadAllBytes(Path.Combine(dir, "proof.bin"));
            proof[at] ^= 0x10;
            File.WriteAllBytes(Path.Combine(dir, "proof.bin"), proof);
            var v = Verdict(Verify(dir, "1l_mlp"));
            Assert.False(v.Verified, $"byte {at}");
            Assert.False(string.IsNullOrWhiteSpace(v.Reason));
        }
    }

    [Fact]
    public void AnotherModelIsRejected()
    {
        var v = Verdict(Verify(ProvedDir("1l_mlp"), "2l_relu_fc"));
        Assert.False(v.Verified);
        Assert.StartsWith("model differs", v.Reason);
    }

    [Fact]
    public void MetaJsonIsNotTrusted()
    {
        // meta.json claiming the other model: the verifying key the verifier rebuilds is still the other model's.
        string dir = Copy(ProvedDir("1l_mlp"));
        var other = JsonNode.Parse(File.ReadAllText(Path.Combine(ProvedDir("2l_relu_fc"), "meta.json")))!;
        var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "meta.json")))!;
        meta["modelSha256"] = other["modelSha256"]!.GetValue<string>();
        File.WriteAllText(Path.Combine(dir, "meta.json"), meta.ToJsonString());
        var v = Verdict(Verify(dir, "2l_relu_fc"));
        Assert.False(v.Verified);
        Assert.StartsWith("verifying key differs", v.Reason);

        // … and claiming its key too: the proof itself (with the other model's outputs) still fails.
        meta["verifyingKeyDigest"] = other["verifyingKeyDigest"]!.GetValue<string>();
        File.WriteAllText(Path.Combine(dir, "meta.json"), meta.ToJsonString());
        File.Copy(Path.Combine(ProvedDir("2l_relu_fc"), "outputs.json"), Path.Combine(dir, "outputs.json"), overwrite: true);
        File.Copy(Path.Combine(ProvedDir("2l_relu_fc"), "inputs.json"), Path.Combine(dir, "inputs.json"), overwrite: true);
        v = Verdict(Verify(dir, "2l_relu_fc"));
        Assert.False(v.Verified);
        Assert.NotNull(v.Reason);
    }

    [Fact]
    public void EditedOutputsAreRejected()
    {
        string original = ProvedDir("1l_mlp");
        string dir = Copy(original);
        EditTensor(dir, "outputs.json", "outputs", consistent: true);
        var v = Verdict(Verify(dir, "1l_mlp"));
        Assert.False(v.Verified);
        Assert.Equal("the proof does not verify for this model and these public inputs and outputs", v.Reason);

        // Values that are not the quantized integers / 2^scale are caught before any cryptography.
        dir = Copy(original);
        EditTensor(dir, "outputs.json", "outputs", consistent: false);
        v = Verdict(Verify(dir, "1l_mlp"));
        Assert.False(v.Verified);
        Assert.Contains("is not quantized", v.Reason);
    }

    [Fact]
    public void EditedInputsAreRejected()
    {
        string dir = Copy(ProvedDir("1l_mlp"));
        EditTensor(dir, "inputs.json", "inputs", consistent: true);
        var v = Verdict(Verify(dir, "1l_mlp"));
        Assert.False(v.Verified);
        Assert.Equal("the proof does not verify for this model and these public inputs and outputs", v.Reason);
    }

    [Fact]
    public void OtherSettingsAreRejectedAndReported()
    {
        string settings = Path.Combine(MnistFiles.Scratch(), "settings.json");
        File.WriteAllText(settings, "{\"inputScale\": 10, \"paramScale\": 10}");
        string dir = ProvedDir("1l_mlp");
        var v = Verdict(Verify(dir, "1l_mlp", "--settings", settings));
        Assert.False(v.Verified);
        Assert.StartsWith("settings differ", v.Reason);
        string used = v.Line.GetProperty("settingsSha256").GetString()!;
        Assert.NotEqual(Json(File.ReadAllText(Path.Combine(dir, "meta.json"))).GetProperty("settingsSha256").GetString(), used);
    }

    [Fact]
    public void SecondProveUsesTheKeyCacheAndCorruptEntriesAreRegenerated()
    {
        string keys = Path.Combine(MnistFiles.Scratch(), "keys");
        string dir = Path.Combine(MnistFiles.Scratch(), "proof");
        (int, string, string) ProveHere() => ConsoleRunner.Run("prove", Model("1l_relu"), "--input", Input("1l_relu"), "--out", dir, "--keys", keys);
        (int, string, string) VerifyHere() => ConsoleRunner.Run("verify", dir, "--model", Model("1l_relu"), "--keys", keys);

        var first = ProveHere();
        Assert.Equal(0, first.Item1);
        Assert.Equal("generated", Json(first.Item2).GetProperty("keygen").GetString());
        var second = ProveHere();
        Assert.Equal(0, second.Item1);
        Assert.Equal("cached", Json(second.Item2).GetProperty("keygen").GetString());
        Assert.Equal("cached", Json(File.ReadAllText(Path.Combine(dir, "meta.json"))).GetProperty("keygen").GetString());
        Assert.Equal(Json(first.Item2).GetProperty("verifyingKeyDigest").GetString(), Json(second.Item2).GetProperty("verifyingKeyDigest").GetString());
        var v = Verdict(VerifyHere());
        Assert.True(v.Verified, v.Reason);
        Assert.Equal("cached", v.Line.GetProperty("keygen").GetString());

        // A flipped byte in the cached proving key: detected, reported, regenerated; the proof still verifies.
        string entry = Directory.GetDirectories(keys).Single();
        Flip(Path.Combine(entry, "pk.bin"));
        var third = ProveHere();
        Assert.Equal(0, third.Item1);
        Assert.Equal("generated", Json(third.Item2).GetProperty("keygen").GetString());
        Assert.Contains("unusable", third.Item3);
        Assert.True(Verdict(VerifyHere()).Verified);

        // A flipped byte in the cached verifying key: the verifier regenerates it rather than trusting it.
        Flip(Path.Combine(entry, "vk.bin"));
        var r = VerifyHere();
        v = Verdict(r);
        Assert.True(v.Verified, v.Reason);
        Assert.Equal("generated", v.Line.GetProperty("keygen").GetString());
        Assert.Contains("vk.bin does not match", r.Item3);
    }

    [Fact]
    public void PrivateInputsVerifyWithoutTheInputsAndTheOutputsStillBind()
    {
        string settings = Path.Combine(MnistFiles.Scratch(), "settings.json");
        File.WriteAllText(settings, "{\"inputVisibility\": \"private\"}");
        string dir = Path.Combine(MnistFiles.Scratch(), "private");
        var r = Prove("1l_mlp", dir, "--settings", settings);
        Assert.True(r.Exit == 0, r.Err);
        var meta = Json(File.ReadAllText(Path.Combine(dir, "meta.json")));
        Assert.Equal("private", meta.GetProperty("inputVisibility").GetString());
        Assert.Equal("public", meta.GetProperty("outputVisibility").GetString());
        Assert.Equal(0, Json(File.ReadAllText(Path.Combine(dir, "inputs.json"))).GetProperty("inputs").GetArrayLength());
        Assert.Contains("\"inputVisibility\": \"private\"", File.ReadAllText(Path.Combine(dir, "settings.json")));
        // The outputs are those of the public-input proof: visibility changes what the verifier sees, not the model.
        Assert.Equal(File.ReadAllText(Path.Combine(ProvedDir("1l_mlp"), "outputs.json")), File.ReadAllText(Path.Combine(dir, "outputs.json")));
        Assert.NotEqual(meta.GetProperty("verifyingKeyDigest").GetString(),
            Json(File.ReadAllText(Path.Combine(ProvedDir("1l_mlp"), "meta.json"))).GetProperty("verifyingKeyDigest").GetString());

        var v = Verdict(Verify(dir, "1l_mlp"));
        Assert.True(v.Verified, v.Reason);

        string edited = Copy(dir);
        EditTensor(edited, "outputs.json", "outputs", consistent: true);
        v = Verdict(Verify(edited, "1l_mlp"));
        Assert.False(v.Verified);
        Assert.Equal("the proof does not verify for this model and these public inputs and outputs", v.Reason);

        // The public-input proof's inputs do not make a private-input proof verify (another statement, another key).
        string swapped = Copy(dir);
        File.Copy(Path.Combine(ProvedDir("1l_mlp"), "inputs.json"), Path.Combine(swapped, "inputs.json"), overwrite: true);
        Assert.False(Verdict(Verify(swapped, "1l_mlp")).Verified);
    }

    [Fact]
    public void PtauTooSmallForTheCircuitIsAOneLineError()
    {
        var r = Prove("1l_relu", Path.Combine(MnistFiles.Scratch(), "p"), "--srs", Ptau);
        ConsoleRunner.AssertCleanError(r, "k = 13 and needs 2^13 = 8192 G1 powers");
        Assert.Contains("8191", r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void AnSrsFileIsUsedAndBoundToTheProof()
    {
        string file = Path.Combine(MnistFiles.Scratch(), "other.srs");
        Srs.CreateInsecureDevelopmentSrs(1 << 13, seed: 99).Save(file);
        string dir = Path.Combine(MnistFiles.Scratch(), "p");
        var r = Prove("1l_relu", dir, "--srs", file);
        Assert.True(r.Exit == 0, r.Err);
        Assert.Contains("insecure development SRS", r.Err); // the file says τ is public, so the warning stands
        Assert.True(Verdict(Verify(dir, "1l_relu", "--srs", file)).Verified);
        var v = Verdict(Verify(dir, "1l_relu"));
        Assert.False(v.Verified);
        Assert.StartsWith("SRS differs", v.Reason);
    }

    [Fact]
    public void MissingDirectoryIsAUsageError() =>
        ConsoleRunner.AssertCleanError(Verify(Path.Combine(MnistFiles.Scratch(), "none"), "1l_relu"), "not found");

    private static void Flip(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>
    /// Consistent: adds one to the first quantized value of the first tensor and moves its real value with it.
    /// Otherwise: changes only the real value, which then is not quantized / 2^scale.
    /// </summary>
    private static void EditTensor(string dir, string file, string key, bool consistent)
    {
        string path = Path.Combine(dir, file);
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var t = root[key]![0]!;
        long q = t["quantized"]![0]!.GetValue<long>();
        int scale = t["scale"]!.GetValue<int>();
        if (consistent)
        {
            t["quantized"]![0] = q + 1;
            t["values"]![0] = Math.ScaleB(q + 1, -scale);
        }
        else t["values"]![0] = Math.ScaleB(q, -scale) + 0.5;
        File.WriteAllText(path, root.ToJsonString());
    }
}
