using System.CommandLine;
using System.Text.Json;
using ZkmlGpu.Field;
using ZkmlGpu.Merkle;

namespace ZkmlGpu.Cli.Commands;

/// <summary>`zkml-gpu merkle root --values FILE`: root, leaf count and boundary commitment of a values file.</summary>
public sealed class MerkleRootCommand : ICliCommand
{
    public string? Parent => "merkle";

    public Command Build()
    {
        var values = MerkleCli.ValuesOption();
        var command = new Command("root",
            "Print {\"root\",\"leaves\",\"commitment\"} of the Poseidon LeanIMT tree over a JSON array of integers "
            + "(numbers or decimal strings, |x| < r, negatives map to x mod r). commitment = Poseidon(root, leaves).")
        {
            values,
        };
        command.SetAction(result => MerkleCli.Run(result, (output, error) =>
        {
            var leaves = MerkleCli.ReadValues(result.GetValue(values)!);
            var tree = MerkleTree.Build(leaves);
            var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("root", tree.Root.ToString());
                w.WriteNumber("leaves", tree.LeafCount);
                w.WriteString("commitment", tree.Commitment.ToString());
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return 0;
        }));
        return command;
    }
}

/// <summary>What the poseidon and merkle commands share: reading inputs and turning failures into clean messages.</summary>
internal static class MerkleCli
{
    /// <summary>Exit code for input that cannot be used (unreadable file, malformed JSON, out-of-range values).</summary>
    public const int BadInput = 2;

    public static Option<FileInfo> ValuesOption() => new("--values")
    {
        Description = "A JSON file holding an array of integers or decimal strings.",
        Required = true,
    };

    public static Fr[] ReadValues(FileInfo file) => MerkleJson.ParseValues(ReadText(file));

    public static string ReadText(FileInfo file)
    {
        if (!file.Exists) throw new UsageException($"File not found: {file.FullName}");
        return File.ReadAllText(file.FullName);
    }

    /// <summary>Runs a command body; bad input becomes one line on stderr and exit code 2, never a stack trace.</summary>
    /// <remarks>Writes to the invocation's Output and Error (Console.Out and Console.Error unless a caller sets others).</remarks>
    public static int Run(ParseResult result, Func<TextWriter, TextWriter, int> body)
    {
        TextWriter output = result.InvocationConfiguration.Output, error = result.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (Exception e) when (e is UsageException or FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
    }
}

/// <summary>A user error with a message meant for the command line.</summary>
internal sealed class UsageException(string message) : Exception(message);
