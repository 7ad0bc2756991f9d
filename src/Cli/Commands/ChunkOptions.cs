using System.CommandLine;
using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// --chunks N|auto, --split-at NODE,NODE and --max-log-rows K, shared by prove and setup, and the row estimate the
/// planner uses: <see cref="ModelCircuit.RowsOf"/> per node plus <see cref="CommitRowsPerValue"/> per value crossing a cut.
/// </summary>
internal sealed class ChunkOptions
{
    /// <summary>Rows of the in-circuit boundary commitment per committed value (14n + 1 rows for n values: docs/boundary-commitments.md).</summary>
    public const long CommitRowsPerValue = 14;
    public const int DefaultMaxLogRows = 18;

    public Option<string?> Chunks { get; } = new("--chunks") { Description = "Prove in N chunks (a bundle directory), or 'auto': as few chunks as fit --max-log-rows." };
    public Option<string?> SplitAt { get; } = new("--split-at") { Description = "Comma-separated node names; a new chunk begins at each (a bundle directory)." };
    public Option<int> MaxLogRows { get; } = new("--max-log-rows") { Description = $"Row budget per chunk: 2^K rows (default {DefaultMaxLogRows}).", DefaultValueFactory = _ => DefaultMaxLogRows };

    public IEnumerable<Option> All => [Chunks, SplitAt, MaxLogRows];

    /// <summary>True when the command line asks for chunks.</summary>
    public bool Given(ParseResult result) => result.GetValue(Chunks) is not null || result.GetValue(SplitAt) is not null;

    /// <summary>The plan the options ask for; a bad count, an unknown node or a node over the budget is a one-line error.</summary>
    public ChunkPlan Plan(ParseResult result, QuantizedModel model)
    {
        string? chunks = result.GetValue(Chunks), split = result.GetValue(SplitAt);
        int maxLogRows = MaxLogRowsOf(result);
        if (chunks is not null && split is not null) throw new UsageException("give either --chunks or --split-at, not both");
        var rowsOf = RowsOf(model);
        if (split is not null)
        {
            var names = split.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0) throw new UsageException("--split-at needs at least one node name");
            return ChunkPlanner.SplitAt(model, names, rowsOf);
        }
        if (chunks is null) throw new UsageException("give --chunks N|auto or --split-at NODE,…");
        if (chunks.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return ChunkPlanner.AutoWithin(model, maxLogRows, rowsOf, CommitRowsPerValue);
        if (!int.TryParse(chunks, out int n)) throw new UsageException($"--chunks must be a number or 'auto'; got '{chunks}'");
        return ChunkPlanner.Even(model, n, rowsOf, CommitRowsPerValue);
    }

    public int MaxLogRowsOf(ParseResult result)
    {
        int k = result.GetValue(MaxLogRows);
        return k is >= 1 and <= 28 ? k : throw new UsageException($"--max-log-rows must lie in 1..28; got {k}");
    }

    /// <summary>Layer rows per node, from the whole model's circuit (a chunk's nodes take the same rows).</summary>
    public static Func<Zkml.Model.Node, long> RowsOf(QuantizedModel model)
    {
        var circuit = new ModelCircuit(model);
        return node => circuit.RowsOf(node);
    }
}
