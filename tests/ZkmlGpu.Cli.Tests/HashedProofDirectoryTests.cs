using static ZkmlGpu.Cli.Tests.ProofFiles;

namespace ZkmlGpu.Cli.Tests;

/// <summary>prove / verify with hashed inputs, outputs and weights: the directory holds hashes, the verifier rebuilds the weights' from the model.</summary>
[Collection("Console")] // ConsoleRunner swaps the process-wide Console streams
public class HashedProofDirectoryTests
{
    [Fact]
    public void HashedProofVerifiesAndItsHashesBind()
    {
        string settings = Path.Combine(MnistFiles.Scratch(), "settings.json");
        File.WriteAllText(settings, "{\"inputVisibility\": \"hashed\", \"outputVisibility\": \"hashed\", \"weightVisibility\": \"hashed\"}");
        string dir = Path.Combine(MnistFiles.Scratch(), "hashed");
        var r = Prove("1l_linear", dir, "--settings", settings);
        Assert.True(r.Exit == 0, r.Err);
        var input = Json(File.ReadAllText(Path.Combine(dir, "inputs.json"))).GetProperty("inputs")[0];
        Assert.Matches("^0x[0-9a-f]{64}$", input.GetProperty("hash").GetString());
        Assert.False(input.TryGetProperty("quantized", out _));
        Assert.Equal(2, Json(File.ReadAllText(Path.Combine(dir, "weights.json"))).GetProperty("weights").GetArrayLength()); // weight and bias

        var v = Verdict(Verify(dir, "1l_linear"));
        Assert.True(v.Verified, v.Reason);

        // Another input's hash (one hex digit changed).
        string other = Copy(dir);
        Edit(Path.Combine(other, "inputs.json"), Digit(input.GetProperty("hash").GetString()!));
        v = Verdict(Verify(other, "1l_linear"));
        Assert.False(v.Verified);
        Assert.StartsWith("the proof does not verify", v.Reason);

        // weights.json is recomputed from the model, never trusted: an edited or missing copy is reported.
        string weights = Copy(dir);
        string hash = Json(File.ReadAllText(Path.Combine(weights, "weights.json"))).GetProperty("weights")[0].GetProperty("hash").GetString()!;
        Edit(Path.Combine(weights, "weights.json"), Digit(hash));
        v = Verdict(Verify(weights, "1l_linear"));
        Assert.False(v.Verified);
        Assert.StartsWith("weights.json: weight", v.Reason);
        File.Delete(Path.Combine(weights, "weights.json"));
        v = Verdict(Verify(weights, "1l_linear"));
        Assert.False(v.Verified);
        Assert.StartsWith("weights.json is missing", v.Reason);
    }

    /// <summary>The hash with its last hex digit changed.</summary>
    private static (string From, string To) Digit(string hash) => (hash, hash[..^1] + (hash[^1] == '0' ? '1' : '0'));

    private static void Edit(string path, (string From, string To) change) =>
        File.WriteAllText(path, File.ReadAllText(path).Replace(change.From, change.To));
}
