using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ZkmlGpu.Field;
using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// What `open` and `verify-opening` read from a bundle's manifest.json: the cut points ("cuts", node indices; else the
/// chunks' "firstNode" or "nodeRange" [first, end]) and each chunk's public boundary commitments
/// ("chunks"[i]."inputCommitment" / "outputCommitment", 64 hex digits or a decimal string). Read defensively, since the manifest is written by `prove --chunks`: fields it lacks are errors
/// naming them. Boundary I (cut I) is chunk I's input and chunk I − 1's output: 1..N − 1 are the inner cuts, 0 the
/// model input and N the model output.
/// </summary>
internal sealed class BundleCommitments
{
    public const string ManifestName = "manifest.json";

    private readonly Fr?[] _inputs;
    private readonly Fr?[] _outputs;

    private BundleCommitments(int[]? cuts, Fr?[] inputs, Fr?[] outputs)
    {
        Cuts = cuts;
        _inputs = inputs;
        _outputs = outputs;
    }

    /// <summary>The manifest's cut points, or null when it has none.</summary>
    public int[]? Cuts { get; }
    public int Chunks => _inputs.Length;

    public static BundleCommitments Read(DirectoryInfo bundle)
    {
        if (!bundle.Exists) throw new UsageException($"bundle directory not found: {bundle.FullName}");
        string path = Path.Combine(bundle.FullName, ManifestName);
        if (!File.Exists(path)) throw new UsageException($"file not found: {path}");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new UsageException($"{ManifestName} is not a JSON object");
        if (!root.TryGetProperty("chunks", out var chunks) || chunks.ValueKind != JsonValueKind.Array || chunks.GetArrayLength() == 0)
            throw new UsageException($"{ManifestName} has no \"chunks\" array");
        int n = chunks.GetArrayLength();
        var inputs = new Fr?[n];
        var outputs = new Fr?[n];
        int i = 0;
        foreach (var chunk in chunks.EnumerateArray())
        {
            if (chunk.ValueKind != JsonValueKind.Object) throw new UsageException($"{ManifestName}: chunk {i} is not an object");
            inputs[i] = Commitment(chunk, "inputCommitment", i);
            outputs[i] = Commitment(chunk, "outputCommitment", i);
            i++;
        }
        int[]? cuts = null;
        if (root.TryGetProperty("cuts", out var c))
        {
            if (c.ValueKind != JsonValueKind.Array || c.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number || !x.TryGetInt32(out _)))
                throw new UsageException($"{ManifestName}: \"cuts\" must be an array of node indices");
            cuts = c.EnumerateArray().Select(x => x.GetInt32()).ToArray();
            if (cuts.Length != n - 1) throw new UsageException($"{ManifestName} has {n} chunks but {cuts.Length} cuts (expected {n - 1})");
        }
        cuts ??= FirstNodes(chunks);
        return new BundleCommitments(cuts, inputs, outputs);
    }

    /// <summary>Cut points from the chunks' node ranges ("firstNode", or "nodeRange"/"nodes" as [first, end]) when there is no "cuts".</summary>
    private static int[]? FirstNodes(JsonElement chunks)
    {
        var firsts = new List<int>();
        foreach (var chunk in chunks.EnumerateArray().Skip(1))
        {
            if (chunk.TryGetProperty("firstNode", out var f) && f.ValueKind == JsonValueKind.Number && f.TryGetInt32(out int first)) firsts.Add(first);
            else if ((chunk.TryGetProperty("nodeRange", out var r) || chunk.TryGetProperty("nodes", out r))
                     && r.ValueKind == JsonValueKind.Array && r.GetArrayLength() == 2 && r[0].ValueKind == JsonValueKind.Number && r[0].TryGetInt32(out first))
                firsts.Add(first);
            else return null;
        }
        return firsts.ToArray();
    }

    /// <summary>The commitment at boundary <paramref name="boundary"/> (0..N); both chunks that state it must agree.</summary>
    public Fr At(int boundary)
    {
        if (boundary < 0 || boundary > Chunks) throw new UsageException($"--boundary {boundary} is not in 0..{Chunks} (the bundle has {Chunks} chunks; its inner cuts are 1..{Chunks - 1})");
        Fr? asInput = boundary < Chunks ? _inputs[boundary] : null;
        Fr? asOutput = boundary > 0 ? _outputs[boundary - 1] : null;
        if (asInput is { } a && asOutput is { } b && a != b)
            throw new UsageException($"{ManifestName} states two commitments at boundary {boundary}: chunk {boundary - 1}'s output and chunk {boundary}'s input differ");
        return asInput ?? asOutput ?? throw new UsageException($"{ManifestName} states no commitment at boundary {boundary}");
    }

    private static Fr? Commitment(JsonElement chunk, string name, int index)
    {
        if (!chunk.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.String) throw new UsageException($"{ManifestName}: chunk {index}'s \"{name}\" must be a string");
        return ParseField(e.GetString()!, $"chunk {index}'s \"{name}\"");
    }

    /// <summary>A field element as 64 hex digits (optional 0x; the format the bundle writes) or else a canonical decimal string.</summary>
    public static Fr ParseField(string text, string what)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length == 64)
        {
            try { return BoundaryOpening.ParseHex(text, what); }
            catch (InvalidEncodingException e) { throw new UsageException(e.Message); }
        }
        if (text.Length > 0 && text.Length < 80 && text.All(char.IsAsciiDigit) && BigInteger.Parse(text, CultureInfo.InvariantCulture) is var x && x < Fr.Modulus)
            return Fr.FromBigInteger(x);
        throw new UsageException($"{what} is neither 64 hex digits nor a decimal field element: '{(text.Length > 70 ? text[..67] + "..." : text)}'");
    }
}
