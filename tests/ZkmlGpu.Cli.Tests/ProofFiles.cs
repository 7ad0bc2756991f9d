using System.Text.Json;

namespace ZkmlGpu.Cli.Tests;

/// <summary>
/// The EZKL examples the prove / verify tests use, one key cache for the test run, and each model proved once
/// (tests that tamper with a proof work on a copy). Call only from tests of the "Console" collection.
/// </summary>
internal static class ProofFiles
{
    public static string Model(string name) => Path.Combine(AppContext.BaseDirectory, "data", "models", "ezkl", name, "network.onnx");
    public static string Input(string name) => Path.Combine(AppContext.BaseDirectory, "data", "models", "ezkl", name, "input.json");
    public static string Ptau => Path.Combine(AppContext.BaseDirectory, "data", "pot12_final.ptau");

    /// <summary>A key cache shared by the tests, so each model's keygen runs once.</summary>
    public static readonly string Keys = Path.Combine(MnistFiles.Scratch(), "keys");

    private static readonly Dictionary<string, string> Proved = new();

    /// <summary>A proof directory of the model on its input.json (proved on first use).</summary>
    public static string ProvedDir(string name)
    {
        if (Proved.TryGetValue(name, out var dir)) return dir;
        dir = Path.Combine(MnistFiles.Scratch(), name);
        var r = Prove(name, dir);
        Assert.True(r.Exit == 0, r.Err);
        Proved[name] = dir;
        return dir;
    }

    public static (int Exit, string Out, string Err) Prove(string name, string dir, params string[] extra) =>
        ConsoleRunner.Run(["prove", Model(name), "--input", Input(name), "--out", dir, "--keys", Keys, .. extra]);

    public static (int Exit, string Out, string Err) Verify(string dir, string model, params string[] extra) =>
        ConsoleRunner.Run(["verify", dir, "--model", Model(model), "--keys", Keys, .. extra]);

    /// <summary>A copy of a proof directory to tamper with.</summary>
    public static string Copy(string dir)
    {
        string copy = MnistFiles.Scratch();
        foreach (var f in Directory.GetFiles(dir)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        return copy;
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    /// <summary>The verifier's verdict: its one JSON line, checked against the exit code.</summary>
    public static (bool Verified, string? Reason, JsonElement Line) Verdict((int Exit, string Out, string Err) r)
    {
        Assert.True(r.Exit is 0 or 1, $"exit {r.Exit}: {r.Err}");
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        var line = Json(lines[0]);
        bool verified = line.GetProperty("verified").GetBoolean();
        Assert.Equal(verified ? 0 : 1, r.Exit);
        Assert.True(line.GetProperty("ms").GetDouble() >= 0);
        string? reason = line.GetProperty("reason").ValueKind == JsonValueKind.Null ? null : line.GetProperty("reason").GetString();
        Assert.Equal(verified, reason is null);
        return (verified, reason, line);
    }
}
