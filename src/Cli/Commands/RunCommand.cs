using System.CommandLine;
using System.Text.Json;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu run MODEL --input FILE`: the exact integer forward pass, outputs as integers and reals, next to the float model's.</summary>
public sealed class RunCommand : ICliCommand
{
    public Command Build()
    {
        var model = ModelCli.ModelArgument();
        var input = new Option<FileInfo>("--input") { Description = "EZKL input.json ({\"input_data\": [[…], …]}) or a zkml input .msgpack.", Required = true };
        var settings = new Option<FileInfo?>("--settings") { Description = "settings.json (from calibrate, or EZKL-style quantization settings)." };
        var dump = new Option<DirectoryInfo?>("--dump-activations") { Description = "Write every intermediate tensor to DIR/<edge>.json." };
        var pretty = ModelCli.PrettyOption();
        var command = new Command("run",
            "Run the integer forward pass; prints {\"outputs\":[{\"name\",\"shape\",\"scale\",\"quantized\",\"values\",\"float\"}]} "
            + "where values = quantized / 2^scale and float is the float model's output (zkml: the float network behind the file; "
            + "ONNX: the graph in double precision; absent for an ONNX model on .msgpack inputs).")
        {
            model, input, settings, dump, pretty,
        };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            var loaded = ModelCli.Load(result.GetValue(model)!, result.GetValue(settings));
            var inputs = ModelCli.ReadInputs(loaded, result.GetValue(input)!);
            var act = IntegerExecutor.Run(loaded.Quantized, inputs);
            var reference = ModelCli.FloatReference(loaded, result.GetValue(input)!);
            if (result.GetValue(dump) is { } dir) Dump(loaded.Quantized.Graph, act, dir);
            output.WriteLine(result.GetValue(pretty) ? Pretty(act, reference) : Json(act, reference));
            return 0;
        }));
        return command;
    }

    private static string Json(Activations act, double[][]? reference) => TensorJson.Write("outputs", act, act.Graph.Outputs, reference);

    private static string Pretty(Activations act, double[][]? reference)
    {
        var sb = new System.Text.StringBuilder();
        for (int o = 0; o < act.Graph.Outputs.Count; o++)
        {
            string name = act.Graph.Outputs[o];
            var t = act[name];
            var values = act.Dequantize(name);
            int best = Array.IndexOf(values, values.Max());
            sb.AppendLine($"{name} {t.Shape} scale 2^-{act.Graph[name].Scale}: argmax {best}");
            for (int i = 0; i < values.Length; i++)
                sb.AppendLine($"  [{i}] {t.Data[i],10} = {values[i]:F6}" + (reference is null ? "" : $"   float {reference[o][i]:F6}"));
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>One JSON file per non-constant edge; names are made file-safe (anything but letters, digits, '-', '.', '_' becomes '_').</summary>
    private static void Dump(ModelGraph g, Activations act, DirectoryInfo dir)
    {
        dir.Create();
        foreach (string name in act.Names.Where(n => !g.IsConstant(n)))
        {
            string safe = new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray());
            File.WriteAllText(Path.Combine(dir.FullName, safe + ".json"), ModelCli.Json(w =>
            {
                w.WriteStartObject();
                TensorJson.WriteTensor(w, act, name);
                w.WriteEndObject();
            }));
        }
    }
}
