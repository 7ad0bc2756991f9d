using System.CommandLine;
using System.Diagnostics;
using ZkmlGpu.Field;
using ZkmlGpu.Zkml.Chunking;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu verify-opening OPENING.json (--commitment HEX | --bundle BUNDLE_DIR [--boundary I]) [--srs FILE]`:
/// checks an opening written by `open` against a commitment the verifier trusts — given by hand, or the bundle
/// manifest's commitment at cut I (default: the boundary the opening names) — regenerating the opening circuit's key
/// from (count, index) and the SRS. Prints one JSON line {"verified","value","realValue","boundary","index","reason",
/// "ms"}; exit code 0 only when verified, 1 when not, 2 for usage and I/O errors.
/// </summary>
public sealed class VerifyOpeningCommand : ICliCommand
{
    public Command Build()
    {
        var openingArgument = new Argument<FileInfo>("OPENING") { Description = "An opening file written by `zkml-gpu open`." };
        var commitment = new Option<string?>("--commitment") { Description = "The boundary commitment to check against (64 hex digits)." };
        var bundle = new Option<DirectoryInfo?>("--bundle") { Description = "Take the commitment from this bundle's manifest.json." };
        var boundary = new Option<int?>("--boundary") { Description = "With --bundle: the cut (default: the one the opening names)." };
        var srs = SrsSource.Option();
        var command = new Command("verify-opening", "Verify a boundary opening against a trusted commitment; prints {\"verified\",\"value\",\"reason\",…}, exit code 0 only when verified.")
        {
            openingArgument, commitment, bundle, boundary, srs,
        };
        command.SetAction(result => ModelCli.Run(result, output =>
        {
            var clock = Stopwatch.StartNew();
            var file = result.GetValue(openingArgument)!;
            ModelCli.Exists(file);
            var opening = BoundaryOpening.FromJson(File.ReadAllText(file.FullName));
            Fr expected;
            int? cut = null;
            if (result.GetValue(commitment) is { } hex)
            {
                if (result.GetValue(bundle) is not null) throw new UsageException("give --commitment or --bundle, not both");
                expected = BundleCommitments.ParseField(hex, "--commitment");
            }
            else if (result.GetValue(bundle) is { } dir)
            {
                cut = result.GetValue(boundary) ?? opening.Boundary ?? throw new UsageException("the opening names no boundary: give --boundary");
                expected = BundleCommitments.Read(dir).At(cut.Value);
            }
            else throw new UsageException("give the trusted commitment: --commitment HEX or --bundle BUNDLE_DIR");

            string? reason = null;
            if (cut is { } c && opening.Boundary is { } named && named != c)
                reason = $"the opening is for boundary {named}, not {c}";
            else if (opening.Count is < 1 or > BoundaryOpeningCircuit.MaxCount)
                reason = $"count {opening.Count} is not in 1..{BoundaryOpeningCircuit.MaxCount}";
            else
            {
                var source = new SrsSource(result.GetValue(srs));
                reason = opening.Verify(expected, source.Load(BoundaryOpeningCircuit.MinimumK(opening.Count))).Reason;
            }
            output.WriteLine(ModelCli.Json(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("verified", reason is null);
                w.WriteNumber("value", opening.Value);
                if (opening.RealValue is { } real) w.WriteNumber("realValue", real); else w.WriteNull("realValue");
                if ((cut ?? opening.Boundary) is { } b) w.WriteNumber("boundary", b); else w.WriteNull("boundary");
                w.WriteNumber("index", opening.Index);
                if (reason is null) w.WriteNull("reason"); else w.WriteString("reason", reason);
                w.WriteNumber("ms", Math.Round(clock.Elapsed.TotalMilliseconds, 1));
                w.WriteEndObject();
            }));
            return reason is null ? 0 : 1;
        }));
        return command;
    }
}
