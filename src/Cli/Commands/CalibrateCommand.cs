using System.CommandLine;
using System.Numerics;
using System.Text.Json;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu calibrate MODEL --input FILE… --out settings.json`: tries global scales 2^s around the model's own,
/// measures each against the float model on the sample inputs, and keeps the cheapest one that is accurate enough.
/// Objective: fewest rows 2^k such that every sample's top class matches the float model and the largest output error
/// is at most --max-error; ties go to the larger scale. k is the smallest that covers the estimated rows and keeps
/// every range-checked value of every sample inside zkml's lookup window [−2^(k−1), 2^(k−1) − 10].
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
            + "float model and the output error stays within --max-error. Writes settings.json; prints the candidates and the expected error.")
        {
            model, inputs, output, maxError, pretty,
        };
        command.SetAction(result => ModelCli.Run(result, stdout =>
        {
            var file = result.GetValue(model)!;
            if (ModelCli.Format(file) != "zkml-msgpack")
                throw new UsageException("calibrate needs a float reference; it is available for zkml .msgpack models only");
            double tolerance = result.GetValue(maxError);
            if (!(tolerance > 0)) throw new UsageException("--max-error must be positive");
            var raw = ModelCli.ReadZkml(file);
            var samples = result.GetValue(inputs)!.Select(f => ModelCli.ReadRealInputs(f, raw.GlobalScale, raw.InputIndices)).ToList();
            if (samples.Count == 0) throw new UsageException("give at least one --input");
            var candidates = Calibrate(raw, file.Name, samples, tolerance);
            var best = candidates.Where(c => c.Feasible).OrderBy(c => c.K).ThenByDescending(c => c.Scale).FirstOrDefault()
                ?? candidates.Where(c => c.MaxError is not null).OrderBy(c => c.MaxError).FirstOrDefault()
                ?? throw new ModelExecutionException("no scale runs the samples within zkml's ranges");
            var settings = ZkmlMsgpackImporter.ImportQuantized(ZkmlMsgpackRequantizer.Rescale(raw, best.Scale, best.K), file.Name).Settings;
            settings.Save(result.GetValue(output)!.FullName);
            stdout.WriteLine(result.GetValue(pretty) ? Pretty(best, candidates, tolerance) : Json(best, candidates, tolerance, result.GetValue(output)!));
            return 0;
        }));
        return command;
    }

    private sealed record Candidate(int Scale, int K, long Rows, double? MaxError, double? MeanError, int ClassMatches, int Samples, string? Failure, bool Feasible);

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
            list.Add(new Candidate(s, k, 1L << k, maxErr, count > 0 ? sumErr / count : 0, matches, samples.Count, null,
                matches == samples.Count && maxErr <= tolerance));
        }
        return list;
    }

    private const string Objective = "fewest rows (2^k) such that every sample's top class matches the float model and max |output error| <= maxError; ties: larger scale";

    private static string Json(Candidate best, List<Candidate> all, double tolerance, FileInfo settings) => ModelCli.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("objective", Objective);
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
        w.WriteNumber("lookupMin", -(1L << (c.K - 1)));
        w.WriteNumber("lookupMax", (1L << (c.K - 1)) - 10);
        w.WriteNumber("rows", c.Rows);
        if (c.MaxError is { } m) w.WriteNumber("maxAbsError", m); else w.WriteNull("maxAbsError");
        if (c.MeanError is { } a) w.WriteNumber("meanAbsError", a); else w.WriteNull("meanAbsError");
        w.WriteNumber("classMatches", c.ClassMatches);
        w.WriteNumber("samples", c.Samples);
        if (c.Failure is { } f) w.WriteString("failure", f);
        w.WriteBoolean("feasible", c.Feasible);
        w.WriteEndObject();
    }

    private static string Pretty(Candidate best, List<Candidate> all, double tolerance)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"objective: {Objective} (maxError {tolerance})");
        foreach (var c in all)
            sb.AppendLine($"  {(c == best ? "*" : " ")} scale 2^{c.Scale,-2} k {c.K,2} rows {c.Rows,10} max err {c.MaxError?.ToString("G4") ?? "-",10} "
                + $"mean err {c.MeanError?.ToString("G4") ?? "-",10} classes {c.ClassMatches}/{c.Samples}{(c.Failure is null ? "" : "  " + c.Failure)}");
        sb.Append(best.Feasible ? "objective met" : "objective NOT met: chose the most accurate candidate");
        return sb.ToString();
    }
}
