using System.Text.Json;
using System.Text.Json.Nodes;
using static ZkmlGpu.Cli.Tests.ProofFiles;

namespace ZkmlGpu.Cli.Tests;

/// <summary>
/// prove --chunks through the scheduler: JSON-line progress, --report, a run stopped after its first chunk (as
/// Ctrl-C stops it) and finished with --resume, resumes that must be refused, the key cache, and device errors.
/// One stopped run of 2l_relu_fc in two chunks, shared by the tests (each works on a copy).
/// </summary>
[Collection("Console")] // swaps the process-wide Console streams
public class ScheduledBundleCommandTests
{
    private const string Name = "2l_relu_fc";
    private static readonly string KeyDir = Path.Combine(MnistFiles.Scratch(), "keys");
    private static readonly Lazy<(string Dir, string Report, (int Exit, string Out, string Err) Result)> Stopped = new(StopAfterFirstChunk);

    private static string[] ProveArgs(string dir, params string[] extra) =>
        ["prove", Model(Name), "--input", Input(Name), "--chunks", "2", "--out", dir, "--keys", KeyDir, .. extra];

    /// <summary>A run whose cancellation fires when the first chunk-done line is written, as Ctrl-C would.</summary>
    private static (string, string, (int, string, string)) StopAfterFirstChunk()
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "bundle"), report = Path.Combine(MnistFiles.Scratch(), "report.json");
        using var stop = new CancellationTokenSource();
        var r = Invoke(ProveArgs(dir, "--json", "--report", report), stop, line => { if (line.Contains("\"chunk-done\"")) stop.Cancel(); });
        return (dir, report, r);
    }

    private static (int Exit, string Out, string Err) Invoke(string[] args, CancellationTokenSource? stop = null, Action<string>? onLine = null)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new LineWatcher(onLine), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int exit = CommandLineApp.Build().Parse(args).InvokeAsync(null, stop?.Token ?? default).GetAwaiter().GetResult();
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    /// <summary>A copy of the stopped run's bundle directory with its secrets file beside it.</summary>
    private static string CopyStopped()
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "bundle");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(Stopped.Value.Dir)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        File.Copy(Stopped.Value.Dir + ".secrets.json", dir + ".secrets.json");
        return dir;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static JsonElement Last(string text) => Json(Lines(text)[^1]);

    private static IEnumerable<JsonElement> Events(string text, string name) =>
        Lines(text).Select(l => Json(l)).Where(e => e.TryGetProperty("event", out var n) && n.GetString() == name);

    [Fact]
    public void AStoppedRunKeepsItsFinishedChunkWithJsonLinesAndAReport()
    {
        var (dir, report, r) = Stopped.Value;
        Assert.True(r.Exit == 130, r.Err);
        Assert.Contains("--resume", r.Err);
        var done = Assert.Single(Events(r.Out, "chunk-done"));
        Assert.Equal("cpu", done.GetProperty("device").GetString());
        Assert.True(done.GetProperty("ms").GetDouble() > 0);
        int kept = done.GetProperty("chunk").GetInt32();
        var summary = Last(r.Out);
        Assert.True(summary.GetProperty("stopped").GetBoolean());
        Assert.Equal(1, summary.GetProperty("chunksDone").GetInt32());

        Assert.True(File.Exists(Path.Combine(dir, $"chunk-{kept}.proof")));
        Assert.False(File.Exists(Path.Combine(dir, $"chunk-{1 - kept}.proof")));
        Assert.False(File.Exists(Path.Combine(dir, "manifest.json")));
        var progress = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "progress.json")))!;
        Assert.Equal(kept, progress["chunks"]!.AsArray().Single()!["index"]!.GetValue<int>());

        var rep = JsonNode.Parse(File.ReadAllText(report))!;
        Assert.True(rep["cancelled"]!.GetValue<bool>());
        var row = rep["chunks"]!.AsArray().Single()!;
        Assert.Equal(kept, row["chunk"]!.GetValue<int>());
        Assert.Equal("cpu", row["device"]!.GetValue<string>());
        Assert.True(row["proveMs"]!.GetValue<double>() > 0);
        Assert.InRange(row["rows"]!.GetValue<int>(), 1, 1 << row["k"]!.GetValue<int>());
        Assert.Equal("cpu", rep["devices"]![0]!["device"]!.GetValue<string>());
    }

    [Fact]
    public void ResumeFinishesTheBundleWithoutProvingTheKeptChunkAgainAndWithCachedKeys()
    {
        string dir = CopyStopped();
        int kept = Events(Stopped.Value.Result.Out, "chunk-done").Single().GetProperty("chunk").GetInt32();
        byte[] keptProof = File.ReadAllBytes(Path.Combine(dir, $"chunk-{kept}.proof"));
        var r = Invoke(ProveArgs(dir, "--json", "--resume"));
        Assert.True(r.Exit == 0, r.Err);

        Assert.Equal([kept], Events(r.Out, "chunk-resumed").Select(e => e.GetProperty("chunk").GetInt32()));
        Assert.Equal([1 - kept], Events(r.Out, "chunk-started").Select(e => e.GetProperty("chunk").GetInt32()));
        Assert.Equal([1 - kept], Events(r.Out, "chunk-done").Select(e => e.GetProperty("chunk").GetInt32()));
        var summary = Last(r.Out);
        Assert.Equal(1, summary.GetProperty("resumed").GetInt32());
        // Both keys were made by the stopped run (the second chunk's before the stop was seen), so both come from the cache.
        Assert.All(summary.GetProperty("perChunk").EnumerateArray(), c => Assert.Equal("cached", c.GetProperty("keygen").GetString()));
        Assert.Equal(keptProof, File.ReadAllBytes(Path.Combine(dir, $"chunk-{kept}.proof")));
        Assert.False(File.Exists(Path.Combine(dir, "progress.json")));

        var v = Verdict(ConsoleRunner.Run("verify", dir, "--model", Model(Name)));
        Assert.True(v.Verified, v.Reason);
    }

    [Fact]
    public void ResumeWithAnotherSecretsFilePlanOrNothingToResumeIsRefused()
    {
        string dir = CopyStopped();
        string secrets = dir + ".secrets.json";
        var doc = JsonNode.Parse(File.ReadAllText(secrets))!;
        string salt = doc["salts"]![1]!.GetValue<string>();
        doc["salts"]![1] = salt[..^1] + (salt[^1] == '0' ? '1' : '0');
        File.WriteAllText(secrets, doc.ToJsonString());
        var r = Invoke(ProveArgs(dir, "--resume"));
        ConsoleRunner.AssertCleanError(r, "cannot resume: the secrets file is not the one");
        Assert.Single(Lines(r.Err), l => l.StartsWith("error:"));

        dir = CopyStopped();
        r = Invoke(["prove", Model(Name), "--input", Input(Name), "--chunks", "1", "--out", dir, "--keys", KeyDir, "--resume"]);
        ConsoleRunner.AssertCleanError(r, "cannot resume: the kept chunks are of another chunk plan");

        dir = CopyStopped();
        r = Invoke(["prove", Model(Name), "--input", MnistFiles.InputJson("0.5, -0.25, 0.75"), "--chunks", "2", "--out", dir, "--keys", KeyDir, "--resume"]);
        ConsoleRunner.AssertCleanError(r, "cannot resume: the kept chunks were proven on another input");

        r = Invoke(ProveArgs(MnistFiles.Scratch(), "--resume"));
        ConsoleRunner.AssertCleanError(r, "has no progress.json");
    }

    [Fact]
    public void ASecondProveAndSetupWithTheSameKeysReadThemFromTheCacheAndVerify()
    {
        _ = Stopped.Value; // made both keys in KeyDir
        string dir = Path.Combine(MnistFiles.Scratch(), "bundle");
        var r = Invoke(ProveArgs(dir, "--device", "cpu"));
        Assert.True(r.Exit == 0, r.Err);
        var summary = Last(r.Out);
        Assert.Equal("cpu", summary.GetProperty("device").GetString());
        Assert.Equal(KeyDir, summary.GetProperty("keyCache").GetString());
        Assert.All(summary.GetProperty("perChunk").EnumerateArray(), c => Assert.Equal("cached", c.GetProperty("keygen").GetString()));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        Assert.All(manifest["chunks"]!.AsArray(), c => Assert.Equal("cached", c!["keygen"]!.GetValue<string>()));
        Assert.All(manifest["chunks"]!.AsArray(), c => Assert.Equal("cpu", c!["device"]!.GetValue<string>()));

        var v = Verdict(ConsoleRunner.Run("verify", dir, "--model", Model(Name)));
        Assert.True(v.Verified, v.Reason);

        // setup reads the same cache entries, and its keys verify the bundle.
        string keys = Path.Combine(MnistFiles.Scratch(), "vk");
        r = Invoke(["setup", Model(Name), "--chunks", "2", "--out", keys, "--keys", KeyDir]);
        Assert.True(r.Exit == 0, r.Err);
        Assert.All(Last(r.Out).GetProperty("perChunk").EnumerateArray(), c => Assert.Equal("cached", c.GetProperty("keygen").GetString()));
        v = Verdict(ConsoleRunner.Run("verify", dir, "--model", Model(Name), "--vk", keys));
        Assert.True(v.Verified, v.Reason);
    }

    [Theory]
    [InlineData("cpu,cpu", "listed twice")]
    [InlineData("cpu,gpu:0", "Unknown device 'gpu:0'")]
    [InlineData("cpu,cuda:97", "'cuda:97' is not present")]
    [InlineData("cpu,", "Empty device name")]
    public void BadDeviceListsAreOneLineErrors(string devices, string message)
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "b");
        var r = Invoke(ProveArgs(dir, "--device", devices));
        Assert.Equal(2, r.Exit);
        ConsoleRunner.AssertCleanError(r, message);
        Assert.Single(Lines(r.Err), l => l.StartsWith("error:"));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void ADeviceListOrAChunkOptionWithoutChunksIsAnError()
    {
        string dir = Path.Combine(MnistFiles.Scratch(), "p");
        var r = Invoke(["prove", Model(Name), "--input", Input(Name), "--out", dir, "--device", "cpu,cuda:0"]);
        ConsoleRunner.AssertCleanError(r, "add --chunks");
        r = Invoke(["prove", Model(Name), "--input", Input(Name), "--out", dir, "--resume"]);
        ConsoleRunner.AssertCleanError(r, "are for chunked proving");
    }

    /// <summary>Captures stdout and hands each completed line to a watcher (which may stop the run).</summary>
    private sealed class LineWatcher(Action<string>? onLine) : StringWriter
    {
        private readonly System.Text.StringBuilder line = new();

        public override void Write(char value)
        {
            base.Write(value);
            if (value != '\n') { line.Append(value); return; }
            string done = line.ToString();
            line.Clear();
            onLine?.Invoke(done);
        }

        public override void Write(string? value)
        {
            foreach (char c in value ?? "") Write(c);
        }

        public override void WriteLine(string? value)
        {
            Write(value);
            Write('\n');
        }
    }
}
