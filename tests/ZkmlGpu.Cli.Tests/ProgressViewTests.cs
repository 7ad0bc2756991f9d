using Spectre.Console;
using ZkmlGpu.Cli.Commands;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cli.Tests;

public class ProgressViewTests
{
    private static readonly ChunkRunRequest<object?, object?, string> Request = new()
    {
        Jobs = Enumerable.Range(0, 3).Select(i => new ChunkJob(i, 1, 1, "s")).ToArray(),
        Workers = [new ChunkWorker("cpu", 1L << 30)],
        Prove = ctx => Task.FromResult($"proof {ctx.Job.Chunk}"),
    };

    [Fact]
    public async Task Redirected_output_gets_one_json_line_per_event()
    {
        var output = new StringWriter();
        var run = await ProgressView.Json(3, ["cpu"], output).ShowAsync(onEvent => new LocalChunkScheduler().RunAsync(Request with { OnEvent = onEvent }));
        Assert.True(run.IsComplete);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Count(l => l.StartsWith("{\"event\":\"chunk-done\"")));
        Assert.All(lines, l => Assert.EndsWith("}", l));
    }

    [Fact]
    public void The_live_view_and_the_summary_render()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var progress = new ChunkProgress(2, ["cuda:0", "cuda:1"]);
        progress.Apply(new ChunkEvent(ChunkEventKind.Started, 0, "cuda:0", 0, 0));
        progress.Apply(new ChunkEvent(ChunkEventKind.Phase, 0, "cuda:0", 1, 1, "keygen"));
        console.Write(ProgressView.Render(progress.Snapshot(1500)));
        var report = new ChunkRunReport([new ChunkReportRow(0, "cuda:0", 10, 120, false, 5, 2500, [], false), new ChunkReportRow(1, "cuda:1", 10, 80, true, 5, 900, [], true)],
            [], 3100, false);
        console.Write(ProgressView.Summary(report, c => (3 + c, 1000 * (c + 1))));
        string s = text.ToString();
        Assert.Contains("keygen", s);
        Assert.Contains("1.5 s", s);
        Assert.Contains("0/2 chunks", s);
        Assert.Contains("cuda:1 (resumed)", s);
        Assert.Contains("2.5 s", s);
        Assert.Contains("2 chunks in 3.1 s", s);
    }
}
