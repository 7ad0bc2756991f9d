using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;
using ZkmlGpu.Zkml.Scheduling;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// Shows a scheduler run: a live Spectre.Console view (a line per device: chunk, phase, elapsed; an overall bar with
/// ETA) on a terminal, JSON lines (one per event) when output is redirected or --json asks for it. Then the summary.
/// </summary>
internal sealed class ProgressView
{
    private readonly IAnsiConsole? console;
    private readonly ChunkEventJsonWriter? json;
    private readonly ChunkProgress progress;

    private ProgressView(int totalChunks, IEnumerable<string> devices, IAnsiConsole? console, ChunkEventJsonWriter? json)
    {
        progress = new ChunkProgress(totalChunks, devices);
        this.console = console;
        this.json = json;
    }

    /// <summary>The view for stdout (<paramref name="output"/>): live unless stdout is redirected or <paramref name="jsonLines"/> is set.</summary>
    public static ProgressView ForConsole(int totalChunks, IEnumerable<string> devices, bool jsonLines, TextWriter output) =>
        jsonLines || Console.IsOutputRedirected ? Json(totalChunks, devices, output) : Live(totalChunks, devices, ConsoleOn(output));

    /// <summary>A Spectre console writing to <paramref name="output"/>, with the terminal's capabilities.</summary>
    public static IAnsiConsole ConsoleOn(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });

    /// <summary>True for the live view (it draws the summary table at the end); false for JSON lines.</summary>
    public bool IsLive => console is not null;

    /// <summary>Writes a renderable (the summary table) to the live view's console.</summary>
    public void Write(IRenderable renderable) => console?.Write(renderable);

    public static ProgressView Json(int totalChunks, IEnumerable<string> devices, TextWriter output) =>
        new(totalChunks, devices, null, new ChunkEventJsonWriter(output));

    public static ProgressView Live(int totalChunks, IEnumerable<string> devices, IAnsiConsole console) =>
        new(totalChunks, devices, console, null);

    /// <summary>Runs <paramref name="run"/> (a scheduler run given this view's event sink) while showing its progress.</summary>
    public async Task<T> ShowAsync<T>(Func<Action<ChunkEvent>, Task<T>> run)
    {
        if (json is not null) return await run(json.Write);
        var clock = Stopwatch.StartNew(); // starts with the run, close enough to the events' clock for elapsed times
        T result = default!;
        await console!.Live(Render(progress.Snapshot(0))).StartAsync(async live =>
        {
            var work = run(progress.Apply);
            while (!work.IsCompleted)
            {
                live.UpdateTarget(Render(progress.Snapshot(clock.Elapsed.TotalMilliseconds)));
                await Task.WhenAny(work, Task.Delay(250));
            }
            live.UpdateTarget(Render(progress.Snapshot(clock.Elapsed.TotalMilliseconds)));
            result = await work;
        });
        return result;
    }

    public static IRenderable Render(ChunkProgressSnapshot s)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("device", "chunk", "phase", "elapsed", "done", "failed");
        foreach (var d in s.Devices)
            table.AddRow(Markup.Escape(d.Device), d.Chunk?.ToString() ?? "-", Markup.Escape(d.Phase ?? "idle"),
                d.Chunk is null ? "" : Seconds(d.ElapsedMs), d.Done.ToString(), d.Failed.ToString());
        const int width = 30;
        int filled = (int)Math.Round(s.Fraction * width);
        string eta = s.EtaMs is { } ms ? $"ETA {Seconds(ms)}" : "ETA -";
        var bar = new Markup($"[green]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/] {s.Done}/{s.Total} chunks  {eta}");
        return new Rows(table, bar);
    }

    /// <summary>
    /// The end-of-run table: chunk, nodes and rows (when <paramref name="shape"/> knows them), device, keygen (with
    /// how the key was had, from <paramref name="keygen"/>: "shared", "cached"), prove.
    /// </summary>
    public static Table Summary(ChunkRunReport report, Func<int, (int Nodes, long Rows)>? shape = null, Func<int, string?>? keygen = null)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("chunk", "nodes", "rows", "device", "keygen", "prove");
        foreach (var r in report.Chunks)
        {
            var (nodes, rows) = shape?.Invoke(r.Chunk) ?? (0, 0);
            table.AddRow(r.Chunk.ToString(), shape is null ? "" : nodes.ToString(), shape is null ? "" : rows.ToString(),
                Markup.Escape(r.Resumed ? $"{r.Device} (resumed)" : r.Device),
                (keygen is null ? r.KeyShared ? "shared" : null : keygen(r.Chunk)) is { } how ? $"{Seconds(r.KeygenMs)} ({how})" : Seconds(r.KeygenMs), Seconds(r.ProveMs));
        }
        table.Caption($"{report.Chunks.Count} chunks in {Seconds(report.TotalMs)}{(report.Cancelled ? ", cancelled" : "")}");
        return table;
    }

    private static string Seconds(double ms) => ms < 1000 ? $"{ms:0} ms" : $"{ms / 1000:0.0} s";
}
