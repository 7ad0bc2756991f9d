using System.CommandLine;
using System.Text.Json;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu inspect MODEL`: nodes, ops, shapes, parameter count, per-op support and estimated rows.</summary>
public sealed class InspectCommand : ICliCommand
{
    public Command Build()
    {
        var model = ModelCli.ModelArgument();
        var pretty = ModelCli.PrettyOption();
        var command = new Command("inspect",
            "Describe a model (.onnx or zkml .msgpack): inputs, outputs, nodes with op, shapes, parameters, whether the "
            + "integer executor supports the op, and estimated circuit rows (cells per node / advice columns; see README).")
        {
            model, pretty,
        };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            var file = result.GetValue(model)!;
            var rows = ModelCli.Format(file) == "zkml-msgpack" ? InspectZkml(file) : InspectGraph(file);
            output.WriteLine(result.GetValue(pretty) ? rows.Pretty() : rows.ToJson());
            return 0;
        }));
        return command;
    }

    private static ModelReport InspectGraph(FileInfo file)
    {
        var loaded = ModelCli.Load(file, null);
        var g = loaded.Quantized.Graph;
        var s = loaded.Quantized.Settings;
        var nodes = g.Nodes.Select(n => new NodeReport(n.Name, n.Op.ToString(), n.Inputs, n.Outputs, g[n.Outputs[0]].Shape.ToArray(),
            n.Inputs.Where(g.IsConstant).Sum(i => (long)g[i].Shape.Size), true, RowEstimate.Rows(g, n, s.NumColumns))).ToList();
        long table = RowEstimate.TableRows(g, s, zkml: false);
        return new ModelReport(g.Name, loaded.Format, Edges(g, g.Inputs), Edges(g, g.Outputs), nodes,
            g.FixedConstants.Values.Sum(t => (long)t.Data.Length), s.NumColumns, table, RowEstimate.Total(g, s, table));
    }

    /// <summary>zkml models are listed layer by layer from the file, so unsupported layers show up instead of failing.</summary>
    private static ModelReport InspectZkml(FileInfo file)
    {
        var raw = ModelCli.ReadZkml(file);
        bool allSupported = raw.Layers.All(l => ZkmlMsgpackImporter.SupportedLayers.Contains(l.LayerType));
        var g = allSupported && raw.Tensors.Count > 0 ? ZkmlMsgpackImporter.Import(raw, file.Name) : null;
        var constants = raw.Tensors.Where(t => !raw.InputIndices.Contains(t.Index)).ToDictionary(t => t.Index, t => (long)t.Data.Length);
        var nodes = new List<NodeReport>();
        for (int i = 0; i < raw.Layers.Count; i++)
        {
            var l = raw.Layers[i];
            var node = g?.Nodes[i];
            nodes.Add(new NodeReport($"{i}:{l.LayerType}", node is null ? l.LayerType : node.Op == OpKind.ZkmlLayer ? $"ZkmlLayer/{l.LayerType}" : node.Op.ToString(),
                l.InputIndices.Select(ZkmlMsgpackImporter.EdgeName).ToArray(), l.OutputIndices.Select(ZkmlMsgpackImporter.EdgeName).ToArray(),
                l.OutputShapes.FirstOrDefault() ?? [], l.InputIndices.Sum(x => constants.GetValueOrDefault(x)),
                ZkmlMsgpackImporter.SupportedLayers.Contains(l.LayerType), node is null ? null : RowEstimate.Rows(g!, node, raw.NumColumns)));
        }
        long table = 1L << raw.K;
        long? total = g is null ? null : Math.Max(nodes.Sum(n => n.Rows ?? 0), table);
        var scale = System.Numerics.BitOperations.Log2((ulong)raw.GlobalScale);
        var ins = raw.InputIndices.Select(i => new EdgeReport(ZkmlMsgpackImporter.EdgeName(i), ZkmlMsgpackImporter.InputShape(raw, i) ?? [], scale)).ToList();
        var outs = raw.OutputIndices.Select(i => new EdgeReport(ZkmlMsgpackImporter.EdgeName(i),
            raw.Layers.FirstOrDefault(l => l.OutputIndices.Contains(i))?.OutputShapes[0] ?? [], scale)).ToList();
        return new ModelReport(file.Name, "zkml-msgpack", ins, outs, nodes, constants.Values.Sum(), raw.NumColumns, table, total);
    }

    private static List<EdgeReport> Edges(ModelGraph g, IEnumerable<string> names) =>
        names.Select(n => new EdgeReport(n, g[n].Shape.ToArray(), g[n].Scale)).ToList();

    private sealed record EdgeReport(string Name, int[] Shape, int? Scale);

    private sealed record NodeReport(string Name, string Op, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, int[] Shape,
        long Parameters, bool Supported, long? Rows);

    private sealed record ModelReport(string Model, string Format, List<EdgeReport> Inputs, List<EdgeReport> Outputs, List<NodeReport> Nodes,
        long Parameters, int Columns, long TableRows, long? EstimatedRows)
    {
        public string ToJson() => ModelCli.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("model", Model);
            w.WriteString("format", Format);
            WriteEdges(w, "inputs", Inputs);
            WriteEdges(w, "outputs", Outputs);
            w.WriteNumber("parameters", Parameters);
            w.WriteNumber("columns", Columns);
            w.WriteNumber("lookupTableRows", TableRows);
            if (EstimatedRows is { } r) w.WriteNumber("estimatedRows", r); else w.WriteNull("estimatedRows");
            w.WriteBoolean("supported", Nodes.All(n => n.Supported));
            w.WriteStartArray("nodes");
            foreach (var n in Nodes)
            {
                w.WriteStartObject();
                w.WriteString("name", n.Name);
                w.WriteString("op", n.Op);
                WriteStrings(w, "inputs", n.Inputs);
                WriteStrings(w, "outputs", n.Outputs);
                WriteInts(w, "shape", n.Shape);
                w.WriteNumber("parameters", n.Parameters);
                w.WriteBoolean("supported", n.Supported);
                if (n.Rows is { } nr) w.WriteNumber("estimatedRows", nr); else w.WriteNull("estimatedRows");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

        public string Pretty()
        {
            var sb = new System.Text.StringBuilder();
            sb.AppendLine($"{Model} ({Format}): {Nodes.Count} nodes, {Parameters} parameters, {Columns} columns, "
                + $"estimated rows {(EstimatedRows is { } r ? r.ToString() : "n/a (unsupported layers)")} (lookup table {TableRows})");
            foreach (var e in Inputs) sb.AppendLine($"  input  {e.Name} [{string.Join(',', e.Shape)}] scale 2^-{e.Scale}");
            foreach (var e in Outputs) sb.AppendLine($"  output {e.Name} [{string.Join(',', e.Shape)}] scale 2^-{e.Scale}");
            foreach (var n in Nodes)
                sb.AppendLine($"  {n.Name,-22} {n.Op,-24} -> [{string.Join(',', n.Shape)}] params {n.Parameters,6} rows {n.Rows?.ToString() ?? "-",8}{(n.Supported ? "" : "  UNSUPPORTED")}");
            return sb.ToString().TrimEnd();
        }

        private static void WriteEdges(Utf8JsonWriter w, string name, List<EdgeReport> edges)
        {
            w.WriteStartArray(name);
            foreach (var e in edges)
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                WriteInts(w, "shape", e.Shape);
                if (e.Scale is { } s) w.WriteNumber("scale", s); else w.WriteNull("scale");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> xs)
        {
            w.WriteStartArray(name);
            foreach (var x in xs) w.WriteStringValue(x);
            w.WriteEndArray();
        }

        private static void WriteInts(Utf8JsonWriter w, string name, IEnumerable<int> xs)
        {
            w.WriteStartArray(name);
            foreach (var x in xs) w.WriteNumberValue(x);
            w.WriteEndArray();
        }
    }
}
