using System.CommandLine;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu mock MODEL --input FILE [--settings FILE]`: lays the model out on the input and checks every gate, copy
/// and lookup with the mock prover (no keys, no cryptography), as EZKL's `mock` does. Prints one JSON line
/// {"satisfied","rows","k","totalFailures","failures":[{"kind","node","op","gate","row"}, …]}: the first failures
/// (at most <see cref="MockProver.MaxReported"/>), each with the node and op of its region (null outside one).
/// Exit code 0 only when satisfied.
/// </summary>
public sealed class MockCommand : ICliCommand
{
    public Command Build()
    {
        var model = ModelCli.ModelArgument();
        var input = new Option<FileInfo>("--input") { Description = "EZKL input.json or a zkml input .msgpack.", Required = true };
        var settings = new Option<FileInfo?>("--settings") { Description = "settings.json (from calibrate, or EZKL-style quantization settings)." };
        var command = new Command("mock", "Check the model's circuit on an input with the mock prover; prints {\"satisfied\",\"rows\",\"k\",\"failures\"}, exit code 0 only when satisfied.")
        {
            model, input, settings,
        };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            var loaded = ModelCli.Load(result.GetValue(model)!, result.GetValue(settings));
            var inputs = ModelCli.ReadInputs(loaded, result.GetValue(input)!);
            var circuit = new ModelCircuit(loaded.Quantized, inputs);
            int rows = CircuitShape.Of(new ModelCircuit(loaded.Quantized)).RowsUsed;
            var mock = MockProver.Check(circuit);
            output.WriteLine(ModelCli.Json(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("satisfied", mock.IsSatisfied);
                w.WriteNumber("rows", rows);
                w.WriteNumber("k", mock.K);
                w.WriteNumber("totalFailures", mock.TotalFailures);
                w.WriteStartArray("failures");
                foreach (var f in mock.Failures)
                {
                    var place = RegionName.Parse(f.Region);
                    w.WriteStartObject();
                    w.WriteString("kind", f.Kind.ToString().ToLowerInvariant());
                    if (place is { } p) { w.WriteString("node", p.Node); w.WriteString("op", p.Op); }
                    else { w.WriteNull("node"); w.WriteNull("op"); }
                    w.WriteString("gate", f.Name);
                    w.WriteNumber("row", f.Row);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }));
            return mock.IsSatisfied ? 0 : 1;
        }));
        return command;
    }
}
