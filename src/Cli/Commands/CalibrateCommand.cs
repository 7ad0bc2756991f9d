using System.CommandLine;
using System.Numerics;
using System.Text.Json;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu calibrate MODEL --input FILE… --out settings.json`: tries scales 2^s, measures each against a reference on
/// the sample inputs, and keeps the cheapest one that is accurate enough. Objective: fewest rows 2^k such that every
/// sample's top class matches the reference and the largest output error is at most --max-error; ties go to the larger
/// scale. zkml models: scales around the file's own, reference the float model (<see cref="ZkmlFloatEvaluator"/>), k the
/// smallest that covers the estimated rows and keeps every range-checked value inside zkml's lookup window
/// [−2^(k−1), 2^(k−1) − 10]. ONNX models: scales 2^4..2^14, lookup range narrowed to the samples by
/// <see cref="Calibration"/>, reference the float model (<see cref="FloatExecutor"/>: the imported graph in double precision).
/// </summary>
public sealed class CalibrateCommand : ICliCommand
{
    public Command Build()
    {
        var model = ModelCli.ModelArgument();
        var inputs = new Option<FileInfo[]>("--input") { Description = "Sample inputs (EZKL input.json or zkml .msgpack), one or more.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write settings.json.", Required = true };
        var maxError = new Option<double>("--max-error") { Description = "Largest acceptable |output − float output|.", DefaultValueFactory = _ => 0.1 };
        var pretty = ModelCli.PrettyOption();
        var command = new Command("calibrate",
            "Pick the scale and lookup range (k) from sample inputs: fewest rows such that every sample's class matches the "
            + "float model's and the output error against it stays within --max-error. "
            + "Writes settings.json; prints the candidates and the expected error.")
        {
            model, inputs, output, maxError, pretty,
        };
        command.SetAction(result => ModelCli.Run(result, stdout =>
        {
            var file = result.GetValue(model)!;
            double tolerance = result.GetValue(maxError);
            if (!(tolerance > 0)) throw new UsageException("--max-error must be positive");
            if (result.GetValue(inputs) is not { Length: > 0 } files) throw new UsageException("give at least one --input");
            List<Candidate> candidates;
            Func<Candidate, Settings> settingsOf;
            string reference;
            if (ModelCli.Format(file) == "zkml-msgpack")
            {
                var raw = ModelCli.ReadZkml(file);
                var samples = files.Select(f => ModelCli.ReadRealInputs(f, raw.GlobalScale, raw.InputIndices)).ToList();
                candidates = Calibrate(raw, file.Name, samples, tolerance);
                settingsOf = c => ZkmlMsgpackImporter.ImportQuantized(ZkmlMsgpackRequantizer.Rescale(raw, c.Scale, c.K), file.Name).Settings;
                reference = "float model: the same layers in double precision on the dequantized weights";
            }
            else
            {
                ModelCli.Exists(file);
                var graph = OnnxImporter.Load(file.FullName);
                var samples = files.Select(f => (IReadOnlyList<float[]>)ModelCli.ReadRealInputs(f, 1, null)
                    .Select(x => x.Select(v => (float)v).ToArray()).ToList()).ToList();
                (candidates, settingsOf) = CalibrateOnnx(graph, samples, tolerance);
                reference = "float model: the ONNX graph in double precision (ONNX float semantics) on the real weights";
            }
            var best = candidates.Where(c => c.Feasible).OrderBy(c => c.K).ThenByDescending(c => c.Scale).FirstOrDefault()
                ?? candidates.Where(c => c.MaxError is not null).OrderBy(c => c.MaxError).FirstOrDefault()
                ?? throw new ModelExecutionException("no candidate scale runs the samples: " + candidates.First().Failure);
            settingsOf(best).Save(result.GetValue(output)!.FullName);
            stdout.WriteLine(result.GetValue(pretty) ? Pretty(best, candidates, tolerance, reference) : Json(best, candidates, tolerance, reference, result.GetValue(output)!));
            return 0;
        }));
        return command;
    }

    /// <param name="Lookup">the lookup range the candidate's settings hold (zkml: its table window), when it ran</param>
    private sealed record Candidate(int Scale, int K, long Rows, double? MaxError, double? MeanError, int ClassMatches, int Samples, string? Failure, bool Feasible,
        (long Min, long Max)? Lookup = null);

    private static List<Candidate> Calibrate(ZkmlMsgpackModel raw, string name, List<IReadOnlyList<double[]>> samples, double tolerance)
    {
        var reference = samples.Select(s => ZkmlFloatEvaluator.Run(raw, s)).ToList();
        int s0 = BitOperations.Log2((ulong)raw.GlobalScale);
        var list = new List<Candidate>();
        for (int s = Math.Max(1, s0 - 5); s <= Math.Min(20, s0 + 4); s++)
        {
            long sf = 1L << s;
            var ints = samples.Select(x => (IReadOnlyList<long[]>)x.Select(v => v.Select(r => ZkmlMsgpackRequantizer.QuantizeInput(r, sf)).ToArray()).ToList()).ToList();
            var wide = ZkmlMsgpackImporter.ImportQuantized(ZkmlMsgpackRequantizer.Rescale(raw, s, 30), name);
            long nodeRows = wide.Graph.Nodes.Sum(n => RowEstimate.Rows(wide.Graph, n, raw.NumColumns));
            int k = 2;
            while ((1L << k) < nodeRows + 16) k++; // zkml keeps a few rows for blinding
            // The smallest k whose lookup window holds every range-checked value of every sample.
            List<Activations>? runs = null;
            string? failure = null;
            for (; k <= 30 && runs is null && failure is null; k++)
            {
                var q = ZkmlMsgpackImporter.ImportQuantized(ZkmlMsgpackRequantizer.Rescale(raw, s, k), name);
                try { runs = ints.Select(x => IntegerExecutor.Run(q, x)).ToList(); }
                catch (ModelExecutionException e) when (e.Message.Contains("lookup range")) { }
                catch (ModelExecutionException e) { failure = e.Message; }
            }
            k--;
            if (runs is null)
            {
                list.Add(new Candidate(s, k, 1L << k, null, null, 0, samples.Count, failure ?? "needs k > 30", false));
                continue;
            }
            var (maxErr, meanErr, matches) = Compare(runs, reference);
            list.Add(new Candidate(s, k, 1L << k, maxErr, meanErr, matches, samples.Count, null, matches == samples.Count && maxErr <= tolerance,
                (-(1L << (k - 1)), (1L << (k - 1)) - 10)));
        }
        return list;
    }

    /// <summary>
    /// ONNX: scales 2^4..2^14 for inputs and weights alike; each is quantized, its lookup range narrowed to the
    /// samples (<see cref="Calibration"/>), and compared with the float model.
    /// </summary>
    private static (List<Candidate>, Func<Candidate, Settings>) CalibrateOnnx(ModelGraph graph, List<IReadOnlyList<float[]>> samples, double tolerance)
    {
        QuantizedModel At(int s) => Quantizer.Quantize(graph, new Settings { InputScale = s, ParamScale = s });
        var reference = samples.Select(x => FloatExecutor.Run(graph, x)).ToList();
        var list = new List<Candidate>();
        var models = new Dictionary<int, QuantizedModel>();
        for (int s = 4; s <= 14; s++)
        {
            QuantizedModel q;
            List<Activations> runs;
            try
            {
                q = Calibration.Calibrate(At(s), samples);
                runs = samples.Select(x => IntegerExecutor.Run(q, x)).ToList();
            }
            catch (ModelExecutionException e)
            {
                list.Add(new Candidate(s, 0, 0, null, null, 0, samples.Count, e.Message, false));
                continue;
            }
            models[s] = q;
            var (maxErr, meanErr, matches) = Compare(runs, reference);
            int k = q.Settings.LogRows;
            list.Add(new Candidate(s, k, 1L << k, maxErr, meanErr, matches, samples.Count, null, matches == samples.Count && maxErr <= tolerance,
                (q.Settings.LookupMin, q.Settings.LookupMax)));
        }
        return (list, c => models[c.Scale].Settings);
    }

    /// <summary>Largest and mean |output − reference| over all samples, and how many samples keep their top class.</summary>
    private static (double Max, double Mean, int Matches) Compare(List<Activations> runs, List<double[][]> reference)
    {
        double maxErr = 0, sumErr = 0;
        int count = 0, matches = 0;
        for (int i = 0; i < runs.Count; i++)
            for (int o = 0; o < runs[i].Graph.Outputs.Count; o++)
            {
                double[] got = runs[i].Dequantize(runs[i].Graph.Outputs[o]), want = reference[i][o];
                for (int j = 0; j < got.Length; j++)
                {
                    double e = Math.Abs(got[j] - want[j]);
                    maxErr = Math.Max(maxErr, e); sumErr += e; count++;
                }
                if (o == 0 && Array.IndexOf(got, got.Max()) == Array.IndexOf(want, want.Max())) matches++;
            }
        return (maxErr, count > 0 ? sumErr / count : 0, matches);
    }

    private const string Objective = "fewest rows (2^k) such that every sample's top class matches the reference and max |output error| <= maxError; ties: larger scale";

    private static string Json(Candidate best, List<Candidate> all, double tolerance, string reference, FileInfo settings) => ModelCli.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("objective", Objective);
        w.WriteString("reference", reference);
        w.WriteNumber("maxError", tolerance);
        w.WriteBoolean("objectiveMet", best.Feasible);
        w.WriteString("settings", settings.FullName);
        w.WritePropertyName("chosen"); Write(w, best);
        w.WriteStartArray("candidates");
        foreach (var c in all) Write(w, c);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Write(Utf8JsonWriter w, Candidate c)
    {
        w.WriteStartObject();
        w.WriteNumber("scale", c.Scale);
        w.WriteNumber("k", c.K);
        if (c.Lookup is { } l) { w.WriteNumber("lookupMin", l.Min); w.WriteNumber("lookupMax", l.Max); }
        else { w.WriteNull("lookupMin"); w.WriteNull("lookupMax"); }
        w.WriteNumber("rows", c.Rows);
        if (c.MaxError is { } m) w.WriteNumber("maxAbsError", m); else w.WriteNull("maxAbsError");
        if (c.MeanError is { } a) w.WriteNumber("meanAbsError", a); else w.WriteNull("meanAbsError");
        w.WriteNumber("classMatches", c.ClassMatches);
        w.WriteNumber("samples", c.Samples);
        if (c.Failure is { } f) w.WriteString("failure", f);
        w.WriteBoolean("feasible", c.Feasible);
        w.WriteEndObject();
    }

    private static string Pretty(Candidate best, List<Candidate> all, double tolerance, string reference)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"objective: {Objective} (maxError {tolerance})");
        sb.AppendLine($"reference: {reference}");
        foreach (var c in all)
            sb.AppendLine($"  {(c == best ? "*" : " ")} scale 2^{c.Scale,-2} k {c.K,2} rows {c.Rows,10} max err {c.MaxError?.ToString("G4") ?? "-",10} "
                + $"mean err {c.MeanError?.ToString("G4") ?? "-",10} classes {c.ClassMatches}/{c.Samples}{(c.Failure is null ? "" : "  " + c.Failure)}");
        sb.Append(best.Feasible ? "objective met" : "objective NOT met: chose the most accurate candidate");
        return sb.ToString();
    }
}
